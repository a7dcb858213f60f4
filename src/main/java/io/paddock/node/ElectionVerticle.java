package io.paddock.node;

import io.paddock.consensus.ElectionState;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.replica.ReplicaReady;
import io.paddock.storage.ElectionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of leader election: persists every change of this node's epoch and vote
 * (on a worker, before the replication verticle lets out the votes and acknowledgements that
 * depend on it), and reports each change of role, leader and epoch in the log. The decisions
 * themselves are the consensus core's.
 *
 * <p>Runs on the node's event loop; the election file is written only on this verticle's
 * worker, one write at a time (ordered executeBlocking).
 */
public final class ElectionVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionVerticle.class);

    private final ElectionStore store;
    private final int selfId;
    private final boolean standalone;

    public ElectionVerticle(ElectionStore store, int selfId, boolean standalone) {
        this.store = store;
        this.selfId = selfId;
        this.standalone = standalone;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<ElectionState>localConsumer(Bus.ELECTION_PERSIST, m -> {
            ElectionState state = m.body();
            vertx.executeBlocking(() -> {
                store.save(new ElectionStore.Vote(state.epoch(), state.votedFor()));
                return null;
            }).onComplete(done -> {
                if (done.succeeded()) {
                    m.reply(state);
                } else {
                    m.fail(1, String.valueOf(done.cause()));
                }
            });
        });
        vertx.eventBus().<Msg.Status>localConsumer(Bus.STATUS, m -> report(m.body().status()));
        return Future.succeededFuture();
    }

    private void report(ReplicaReady.Status status) {
        if (standalone) {
            if (status.serving()) {
                LOG.info("standalone node {} elected itself in epoch {}", selfId, status.epoch());
            }
            return;
        }
        LOG.info("node {} is {} in epoch {}{}{}", selfId, status.role(), status.epoch(),
                status.leaderId() == 0 || status.leaderId() == selfId ? "" : ", leader " + status.leaderId(),
                status.serving() ? ", serving" : ", not serving");
    }
}
