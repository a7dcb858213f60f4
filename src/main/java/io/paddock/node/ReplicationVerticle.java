package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.Ready;
import io.paddock.consensus.ReplicaCore;
import io.paddock.model.Applied;
import io.paddock.model.ErrorCode;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.storage.LogSpaceException;
import io.paddock.tree.DataTree;
import io.paddock.tree.PendingChanges;
import io.paddock.tree.PlanContext;
import io.paddock.tree.Planner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proposer, acceptor and learner roles of this node, as a thin shell around
 * {@link ReplicaCore}: it plans client writes into txns (against the applied tree plus the
 * pending changes), proposes them, persists them through {@link DurableLog} with group commit
 * on a worker, and applies committed txns to the tree, publishing every applied batch.
 *
 * <p>Runs on the node's single event loop. Only the worker touches the log files.
 *
 * <p>Invariant: at most one append-and-sync is in flight; entries that arrive meanwhile ride
 * on the next one (group commit, never a timer).
 */
public final class ReplicationVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationVerticle.class);

    private final NodeConfig config;
    private final DurableLog log;
    private final ReplicaCore core;
    private final PendingChanges pending = new PendingChanges();
    private DataTree tree;

    private List<TxnEntry> unsynced = new ArrayList<>();
    private boolean syncInFlight;
    private boolean failed;
    private boolean sparePreparing;
    /** True while batches fail for lack of disk space (logged once per outage). */
    private boolean outOfSpace;
    /** Set by {@link #stop()}: no new batch starts; completed once none is in flight. */
    private Promise<Void> stopped;
    /** Writes that arrived before this node knew its role. */
    private final ArrayDeque<Msg.Write> early = new ArrayDeque<>();
    private EventBus bus;

    public ReplicationVerticle(NodeConfig config, DurableLog log, DataTree recovered) {
        this.config = config;
        this.log = log;
        this.tree = recovered;
        this.core = new ReplicaCore(config.serverId(), java.util.Set.of(config.serverId()));
        this.core.recover(recovered.lastZxid());
    }

    @Override
    public Future<?> start() {
        bus = vertx.eventBus();
        bus.<Msg.Write>localConsumer(Bus.REPLICATION_WRITE, m -> onWrite(m.body()));
        bus.<Msg.Elected>localConsumer(Bus.REPLICATION_ELECTED, m -> onElected(m.body()));
        return Future.succeededFuture();
    }

    /**
     * Lets the batch being written finish before Vert.x shuts its workers down (which would
     * interrupt the fsync and close the log file under it). Entries not yet handed to the log
     * were never acknowledged and are dropped.
     */
    @Override
    public Future<?> stop() {
        stopped = Promise.promise();
        if (!syncInFlight) {
            stopped.complete();
        }
        return stopped.future();
    }

    private void onElected(Msg.Elected elected) {
        core.becomeLeader(elected.epoch());
        pending.clear();
        LOG.info("serving as {} in epoch {}", core.role(), elected.epoch());
        bus.publish(Bus.CLIENT_SERVING, new Msg.Serving(tree));
        while (!early.isEmpty()) {
            onWrite(early.poll());
        }
    }

    private void onWrite(Msg.Write write) {
        if (failed) {
            bus.send(Bus.CLIENT_REJECTED, new Msg.Rejected(write.sessionId(), write.cxid(), ErrorCode.SYSTEMERROR));
            return;
        }
        if (!core.isLeader()) {
            early.add(write);
            return;
        }
        long zxid = core.nextZxid();
        long nowMs = System.currentTimeMillis();
        PlanContext context = new PlanContext(write.sessionId(), write.cxid(), zxid, nowMs, write.authIds(),
                config.extendedTypesEnabled());
        Txn txn = Planner.plan(tree, pending, context, write.request());
        core.propose(new TxnEntry(zxid, write.sessionId(), write.cxid(), nowMs, txn));
        drain();
    }

    /** Carries out everything the core has ready: persist, then apply. */
    private void drain() {
        while (core.hasReady()) {
            Ready ready = core.ready();
            if (!ready.entriesToPersist().isEmpty()) {
                unsynced.addAll(ready.entriesToPersist());
                persistPending();
            }
            if (!ready.entriesToApply().isEmpty()) {
                apply(ready.entriesToApply());
            }
        }
    }

    private void persistPending() {
        if (syncInFlight || unsynced.isEmpty() || failed || stopped != null) {
            return;
        }
        List<TxnEntry> batch = unsynced;
        unsynced = new ArrayList<>();
        syncInFlight = true;
        vertx.executeBlocking(() -> log.appendAndSync(batch))
                .onSuccess(this::persisted)
                .onFailure(cause -> persistFailed(batch, cause));
    }

    private void persisted(long lastZxid) {
        syncInFlight = false;
        if (stopped != null) {
            // Going down: the batch is durable and the next start applies it; the other verticles are gone.
            stopped.tryComplete();
            return;
        }
        if (log.spareWanted() && !sparePreparing) {
            // The next segment is zero-filled on another worker, so a roll costs a rename, not a 64 MiB write.
            sparePreparing = true;
            vertx.executeBlocking(() -> {
                log.prepareSpare();
                return null;
            }, false).onComplete(done -> {
                sparePreparing = false;
                if (done.failed()) {
                    LOG.warn("could not prepare the next log segment ahead of time: {}", done.cause().toString());
                }
            });
        }
        if (outOfSpace) {
            LOG.info("the txn log has disk space again; writes resume");
            outOfSpace = false;
        }
        core.persisted(lastZxid);
        drain();
        persistPending();
    }

    /**
     * A batch that could not get disk space was not written at all: its writes and every write
     * proposed after it are rejected, the speculative state is dropped, and the next batch tries
     * again, so writes resume by themselves once space returns. Any other failed write or fsync
     * is never retried: this node stops taking writes and says why.
     */
    private void persistFailed(List<TxnEntry> batch, Throwable cause) {
        syncInFlight = false;
        if (stopped != null) {
            stopped.tryComplete();
            return;
        }
        if (cause instanceof LogSpaceException) {
            if (!outOfSpace) {
                LOG.error("no disk space for the txn log: rejecting writes until space returns ({})", cause.getMessage());
            }
            outOfSpace = true;
        } else {
            LOG.error("txn log write/fsync failed; this node no longer accepts writes (restart it once the disk is "
                    + "healthy)", cause);
            failed = true;
        }
        unsynced = new ArrayList<>();
        for (TxnEntry entry : core.abandonUnpersisted()) {
            bus.send(Bus.CLIENT_REJECTED, new Msg.Rejected(entry.sessionId(), entry.cxid(), ErrorCode.SYSTEMERROR));
        }
        pending.clear();
    }

    private void apply(List<TxnEntry> entries) {
        List<Applied> applied = new ArrayList<>(entries.size());
        for (TxnEntry entry : entries) {
            DataTree.Result result = tree.apply(entry);
            tree = result.tree();
            applied.add(result.applied());
        }
        pending.applied(tree.lastZxid());
        bus.publish(Bus.APPLIED, new Msg.AppliedBatch(tree, applied));
    }
}
