package io.paddock.bench;

import io.paddock.model.Acl;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.storage.SnapshotHeader;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.paddock.tree.TreeSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: builds a tree of N znodes (100-byte data) in memory, then writes a
 * snapshot of it on a Vert.x worker exactly as SnapshotVerticle does (unordered executeBlocking,
 * TreeSnapshot into a SnapshotStore writer with fsync) while a 1 ms periodic timer on the single
 * event loop measures its own lateness. Prints the baseline and the during-snapshot maximum lag,
 * the snapshot time and size, and the time to verify and load the snapshot back.
 *
 * <p>Run: {@code mvn -B -q -o test-compile && java -Xmx4g -cp target/classes:target/test-classes:$(cat cp.txt)
 * io.paddock.bench.SnapshotStallBench 300000 /tmp/snapbench} (cp.txt from
 * {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class SnapshotStallBench {
    private SnapshotStallBench() {}

    /** The figures of one run. */
    public record Result(int znodes, long snapshotMs, long snapshotBytes, double baselineLagMsMax, double lagMsMax,
                         long loadMs, boolean digestMatches) {}

    public static void main(String[] args) throws Exception {
        int znodes = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("snapbench");
        System.out.println(run(znodes, dir));
        System.exit(0);
    }

    static DataTree build(int znodes) {
        DataTree tree = DataTree.empty();
        SplittableRandom random = new SplittableRandom(42);
        long zxid = 0;
        int parents = Math.max(1, znodes / 1000);
        for (int p = 0; p < parents; p++) {
            tree = tree.apply(new TxnEntry(++zxid, 1, 0, zxid, new Txn.Create("/p" + p, new byte[0],
                    Acl.OPEN_ACL_UNSAFE, 0))).tree();
        }
        for (int i = parents; i < znodes; i++) {
            byte[] data = new byte[100];
            random.nextBytes(data);
            String path = "/p" + (i % parents) + "/node-" + i;
            tree = tree.apply(new TxnEntry(++zxid, 1, 0, zxid, new Txn.Create(path, data, Acl.OPEN_ACL_UNSAFE, 0)))
                    .tree();
        }
        return tree;
    }

    public static Result run(int znodes, Path dir) throws Exception {
        DataTree tree = build(znodes);
        System.gc();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        try {
            LagProbe probe = new LagProbe();
            vertx.setPeriodic(1, id -> probe.tick());
            Thread.sleep(1000);
            double baseline = probe.takeMaxMs();
            SnapshotStore store = new SnapshotStore(dir, 1, true);
            long started = System.nanoTime();
            CompletableFuture<Long> bytes = new CompletableFuture<>();
            vertx.runOnContext(v -> vertx.executeBlocking(() -> {
                try (SnapshotStore.Writer writer = store.begin(tree.lastZxid(), 0)) {
                    long written = TreeSnapshot.write(tree, writer::write);
                    writer.commit();
                    return written;
                }
            }, false).onComplete(r -> {
                if (r.succeeded()) bytes.complete(r.result());
                else bytes.completeExceptionally(r.cause());
            }));
            long snapshotBytes = bytes.get(10, TimeUnit.MINUTES);
            long snapshotMs = (System.nanoTime() - started) / 1_000_000;
            double lag = probe.takeMaxMs();
            long loadStarted = System.nanoTime();
            SnapshotStore.Newest newest = store.openNewestValid();
            SnapshotHeader header = newest.header();
            DataTree loaded;
            try (SnapshotStore.BodyReader body = SnapshotStore.openBody(newest.file().path(), header)) {
                loaded = TreeSnapshot.read(body::read, newest.file().path().toString());
            }
            long loadMs = (System.nanoTime() - loadStarted) / 1_000_000;
            return new Result(znodes, snapshotMs, snapshotBytes, baseline, lag, loadMs,
                    loaded.digest() == tree.digest());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Lateness of a 1 ms periodic timer; touched only on the event loop except {@link #takeMaxMs}. */
    static final class LagProbe {
        private long last = System.nanoTime();
        private volatile long maxLagNanos;

        void tick() {
            long now = System.nanoTime();
            long lag = now - last - 1_000_000;
            if (lag > maxLagNanos) maxLagNanos = lag;
            last = now;
        }

        double takeMaxMs() {
            double ms = maxLagNanos / 1e6;
            maxLagNanos = 0;
            return ms;
        }
    }
}
