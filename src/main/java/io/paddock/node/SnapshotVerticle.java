package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.tree.DataTree;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Watches the applied txns and decides when a snapshot is due (by txn count since the last
 * one). It keeps the newest applied tree, an O(1) reference thanks to the persistent tree,
 * which is what a snapshot serialises on a worker.
 *
 * <p>Runs on the node's event loop.
 */
public final class SnapshotVerticle extends VerticleBase {
    private final NodeConfig config;
    private DataTree latest;
    private long txnsSinceSnapshot;

    public SnapshotVerticle(NodeConfig config, DataTree recovered) {
        this.config = config;
        this.latest = recovered;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<Msg.AppliedBatch>localConsumer(Bus.APPLIED, m -> {
            latest = m.body().tree();
            txnsSinceSnapshot += m.body().applied().size();
        });
        return Future.succeededFuture();
    }

    DataTree latest() {
        return latest;
    }

    long txnsSinceSnapshot() {
        return txnsSinceSnapshot;
    }
}
