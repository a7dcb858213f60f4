package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.Zxid;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.storage.EpochFile;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election in numbered epochs. A standalone node is a quorum of one: it elects itself
 * in a new epoch, one above every epoch it has seen (the accepted epoch on disk and the epoch
 * of its last logged zxid), persists that epoch on a worker before anything uses it, and tells
 * the replication verticle. The cluster's election will send the same {@link Msg.Elected}.
 *
 * <p>Runs on the node's event loop; file work on a worker.
 */
public final class ElectionVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionVerticle.class);

    private final NodeConfig config;
    private final long lastLoggedZxid;

    public ElectionVerticle(NodeConfig config, long lastLoggedZxid) {
        this.config = config;
        this.lastLoggedZxid = lastLoggedZxid;
    }

    @Override
    public Future<?> start() {
        Path dir = config.dataDir();
        return vertx.executeBlocking(() -> {
            long accepted = Math.max(EpochFile.accepted(dir).readOr(0), EpochFile.current(dir).readOr(0));
            long epoch = Math.max(accepted, Zxid.epoch(lastLoggedZxid)) + 1;
            EpochFile.accepted(dir).write(epoch);
            EpochFile.current(dir).write(epoch);
            return epoch;
        }).onSuccess(epoch -> {
            LOG.info("standalone node {} elected itself in epoch {}", config.serverId(), epoch);
            vertx.eventBus().send(Bus.REPLICATION_ELECTED, new Msg.Elected(epoch, config.serverId()));
        });
    }
}
