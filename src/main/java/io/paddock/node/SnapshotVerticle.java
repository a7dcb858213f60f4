package io.paddock.node;

import io.paddock.storage.DurableLog;
import io.paddock.config.NodeConfig;
import io.paddock.model.Zxid;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots without pausing the node. It keeps the newest applied tree (an O(1) reference,
 * the tree being persistent) and, when enough has been logged since the last snapshot, hands
 * that immutable version to a worker that serialises it ({@link TreeSnapshot}) into the
 * {@link SnapshotStore}; the event loop only swaps references and counts. After each snapshot it
 * purges old snapshots and the log segments no kept snapshot needs; purging also runs on demand
 * ({@link Bus#PURGE_NOW}) and every {@code autopurgePurgeIntervalHours} if that is positive.
 *
 * <p>Trigger: txns since the last snapshot reach a threshold drawn uniformly from
 * [snapshotTxnCountMax / 2, snapshotTxnCountMax] after every snapshot (ZooKeeper's snapCount
 * randomisation, from a per-node seeded random, so that replicas do not snapshot together), or
 * log bytes since the last snapshot reach snapshotLogBytesMax. {@link Bus#SNAPSHOT_NOW} forces one.
 *
 * <p>Runs on the node's event loop; file work in unordered {@code executeBlocking}.
 * Invariants: at most one snapshot or purge is on a worker at a time ({@code busy}); the
 * counters are only touched on the event loop.
 */
public final class SnapshotVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotVerticle.class);
    private static final long MS_PER_HOUR = 3_600_000L;

    private final NodeConfig config;
    private final SnapshotStore store;
    private final SnapshotWriter writer;
    private final DurableLog log;
    private final SplittableRandom random;
    private DataTree latest;
    private long txnsSinceSnapshot;
    private long txnThreshold;
    private long logBytesAtSnapshot;
    private long lastSnapshotZxid = -1;
    /** Invariant: true while a snapshot or purge runs on a worker. */
    private boolean busy;
    /** Set by {@link #stop()}: no new snapshot starts, and one cut short by the shutdown is not an error. */
    private boolean stopping;

    /**
     * {@code replayedTxns}: txns recovery replayed after the newest snapshot; they count towards
     * the next snapshot, so that a node that replayed a long log snapshots soon and restarts fast.
     */
    public SnapshotVerticle(NodeConfig config, DataTree recovered, SnapshotWriter writer, DurableLog log,
                            long replayedTxns) {
        this.config = config;
        this.txnsSinceSnapshot = replayedTxns;
        this.writer = writer;
        this.store = writer.store();
        this.log = log;
        this.latest = recovered;
        this.random = new SplittableRandom(config.electionSeed() ^ (0x9E3779B97F4A7C15L * (config.serverId() + 1L)));
        this.txnThreshold = nextThreshold();
    }

    @Override
    public Future<?> start() {
        logBytesAtSnapshot = log.bytesAppended();
        vertx.eventBus().<Msg.AppliedBatch>localConsumer(Bus.APPLIED, m -> {
            if (m.body().replaced()) {
                lastSnapshotZxid = m.body().tree().lastZxid(); // the follower just wrote the leader's snapshot
            }
            latest = m.body().tree();
            txnsSinceSnapshot += m.body().applied().size();
            if (due()) {
                snapshot().onFailure(this::snapshotFailed);
            }
        });
        vertx.eventBus().<Object>localConsumer(Bus.SNAPSHOT_NOW, m -> snapshot().onComplete(result -> {
            if (result.succeeded()) m.reply(result.result());
            else m.fail(1, String.valueOf(result.cause()));
        }));
        vertx.eventBus().<Object>localConsumer(Bus.PURGE_NOW, m -> purge().onComplete(result -> {
            if (result.succeeded()) m.reply(result.result());
            else m.fail(1, String.valueOf(result.cause()));
        }));
        if (config.autopurgePurgeIntervalHours() > 0) {
            vertx.setPeriodic(config.autopurgePurgeIntervalHours() * MS_PER_HOUR, id -> purge()
                    .onFailure(cause -> LOG.warn("scheduled purge failed: {}", cause.toString())));
        }
        return Future.succeededFuture();
    }

    /**
     * Vert.x interrupts its workers when it closes: a snapshot being written then is abandoned,
     * and its temp file is removed at the next start.
     */
    @Override
    public Future<?> stop() {
        stopping = true;
        return Future.succeededFuture();
    }

    private void snapshotFailed(Throwable cause) {
        if (stopping) {
            LOG.info("snapshot abandoned: the node is stopping ({})", cause.toString());
        } else {
            LOG.error("snapshot failed: {}", cause.toString(), cause);
        }
    }

    private long nextThreshold() {
        long max = Math.max(1, config.snapshotTxnCountMax());
        return max / 2 + random.nextLong(max - max / 2 + 1);
    }

    private boolean due() {
        if (busy || stopping) {
            return false;
        }
        return txnsSinceSnapshot >= txnThreshold
                || log.bytesAppended() - logBytesAtSnapshot >= config.snapshotLogBytesMax();
    }

    /** Snapshots the newest applied tree (if newer than the last snapshot); completes with its zxid. */
    Future<Long> snapshot() {
        DataTree tree = latest;
        if (tree.lastZxid() == lastSnapshotZxid) {
            return Future.succeededFuture(lastSnapshotZxid);
        }
        if (busy) {
            return Future.failedFuture("a snapshot or purge is already running");
        }
        busy = true;
        txnsSinceSnapshot = 0;
        txnThreshold = nextThreshold();
        logBytesAtSnapshot = log.bytesAppended();
        return vertx.executeBlocking(() -> write(tree), false).andThen(result -> {
            busy = false;
            if (result.succeeded()) {
                lastSnapshotZxid = tree.lastZxid();
            }
        }).compose(zxid -> purge().map(zxid));
    }

    /** Worker: the whole snapshot, from temp file to directory fsync. */
    private long write(DataTree tree) throws java.io.IOException {
        long started = System.nanoTime();
        long bytes = writer.write(tree);
        LOG.info("snapshot {}: {} znodes, {} sessions, {} bytes in {} ms", Zxid.hex(tree.lastZxid()), tree.nodeCount(),
                tree.sessionCount(), bytes, (System.nanoTime() - started) / 1_000_000);
        return tree.lastZxid();
    }

    /** Keeps the newest autopurgeSnapRetainCount snapshots and the log they need; completes with files deleted. */
    Future<Integer> purge() {
        if (busy) {
            return Future.failedFuture("a snapshot or purge is already running");
        }
        busy = true;
        int retain = Math.max(1, config.autopurgeSnapRetainCount());
        return vertx.executeBlocking(() -> {
            int before = store.list().size();
            long oldestKept = store.purge(retain);
            int snapshots = before - store.list().size();
            int segments = oldestKept < 0 ? 0 : log.purgeSegmentsBefore(oldestKept);
            if (snapshots + segments > 0) {
                LOG.info("purged {} snapshots and {} log segments (oldest kept snapshot {})", snapshots, segments,
                        Zxid.hex(oldestKept));
            }
            return snapshots + segments;
        }, false).andThen(result -> busy = false);
    }

    DataTree latest() {
        return latest;
    }

    long txnsSinceSnapshot() {
        return txnsSinceSnapshot;
    }
}
