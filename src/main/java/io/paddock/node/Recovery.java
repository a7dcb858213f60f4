package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.storage.CorruptSnapshotException;
import io.paddock.storage.DataLayout;
import io.paddock.storage.SnapshotHeader;
import io.paddock.storage.SnapshotStore;
import io.paddock.storage.TxnLog;
import io.paddock.storage.TxnLogOptions;
import io.paddock.tree.DataTree;
import io.paddock.tree.SnapshotFormatException;
import io.paddock.tree.TreeSnapshot;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the applied tree on start: the newest snapshot that passes its checks (a damaged
 * newer one is skipped with a warning), then every log record with a zxid above the
 * snapshot's, applied in order. Refuses to start (an {@link IOException} naming what is missing)
 * when the log does not continue where the snapshot ends. Blocking; runs on a worker before the
 * verticles are deployed.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /** The recovered tree, the open log, the snapshot store, and how many txns were replayed after the snapshot. */
    record Recovered(DataTree tree, DurableLog log, SnapshotStore snapshots, long replayedTxns) {}

    static Path logDir(NodeConfig config) {
        return DataLayout.logDir(config.dataDir(), config.dataLogDir());
    }

    static Path snapshotDir(NodeConfig config) {
        return DataLayout.snapshotDir(config.dataDir());
    }

    static SnapshotStore snapshotStore(NodeConfig config) {
        return new SnapshotStore(snapshotDir(config), config.serverId(), config.forceSync());
    }

    /**
     * The log's recovery scan runs on its own thread beside the snapshot load (which checks the
     * file's CRC32C and the tree's digest as it reads); that thread then reads and decodes the
     * records after the newest snapshot ({@link DecodeAhead}) while the load goes on, and the
     * recovery thread applies them once the tree is loaded.
     */
    static Recovered recover(NodeConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        Path dir = logDir(config);
        Files.createDirectories(dir);
        SnapshotStore snapshots = snapshotStore(config);
        snapshots.removeTempFiles().forEach(f -> LOG.warn("removed {} left by a crash during a snapshot", f));
        long started = System.nanoTime();
        List<SnapshotStore.SnapshotFile> files = snapshots.list();
        DecodeAhead ahead = new DecodeAhead(files.isEmpty() ? 0 : files.get(0).zxid());
        FutureTask<TxnLog> opening = new FutureTask<>(() -> {
            TxnLog log;
            try {
                log = TxnLog.open(dir, new TxnLogOptions(config.serverId(), config.logSegmentBytesMax(),
                        config.preallocateBytes(), config.forceSync()));
            } catch (IOException | RuntimeException e) {
                ahead.fail(e);
                throw e;
            }
            ahead.produce(log);
            return log;
        });
        new Thread(opening, "paddock-log-recovery").start();
        Loaded snapshot;
        try {
            snapshot = loadNewestSnapshot(snapshots);
        } catch (IOException | RuntimeException e) {
            ahead.cancel();
            closeQuietly(opening);
            throw e;
        }
        long loadedMs = (System.nanoTime() - started) / 1_000_000;
        long[] count = {0};
        DataTree tree = snapshot.tree().editable();
        boolean decodedAhead = snapshot.tree().lastZxid() == ahead.afterZxid();
        if (decodedAhead) {
            tree = replay(ahead, opening, tree, dir, count);
        } else {
            ahead.cancel(); // the newest snapshot was damaged: replay from the older one
        }
        TxnLog log = opened(opening);
        log.recoveryWarnings().forEach(w -> LOG.warn("txn log recovery: {}", w));
        if (!decodedAhead) {
            tree = replay(log, tree, dir, count);
        }
        if (log.lastZxid() < snapshot.tree().lastZxid()) {
            LOG.warn("the txn log ends at {} before the snapshot at {}", Zxid.hex(log.lastZxid()),
                    Zxid.hex(snapshot.tree().lastZxid()));
        }
        tree = tree.frozen();
        LOG.info("recovered snapshot {} in {} ms, then {} txns from {} in {} ms: last zxid {}, {} znodes, {} sessions",
                Zxid.hex(snapshot.tree().lastZxid()), loadedMs, count[0], dir,
                (System.nanoTime() - started) / 1_000_000 - loadedMs, Zxid.hex(tree.lastZxid()), tree.nodeCount(),
                tree.sessionCount());
        return new Recovered(tree, new DurableLog(log), snapshots, count[0]);
    }

    /** Applies the entries {@code ahead} decodes onto {@code tree} (editable); {@code count[0]} counts them. */
    private static DataTree replay(DecodeAhead ahead, FutureTask<TxnLog> opening, DataTree tree, Path dir,
                                   long[] count) throws IOException {
        long snapshotZxid = tree.lastZxid();
        DataTree[] applied = {tree};
        try {
            ahead.drain(entry -> apply(applied, entry, snapshotZxid, dir, count));
        } catch (UncheckedIOException e) {
            ahead.cancel();
            closeQuietly(opening);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            ahead.cancel();
            closeQuietly(opening);
            throw e;
        }
        return applied[0];
    }

    /** Applies every log record after {@code tree} (editable); {@code count[0]} counts them. Closes the log on failure. */
    private static DataTree replay(TxnLog log, DataTree tree, Path dir, long[] count) throws IOException {
        long snapshotZxid = tree.lastZxid();
        DataTree[] applied = {tree};
        try {
            log.replay(snapshotZxid, record -> apply(applied, TxnCodec.decode(record.payload()), snapshotZxid, dir,
                    count));
        } catch (UncheckedIOException e) {
            log.close();
            throw e.getCause();
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return applied[0];
    }

    private static void apply(DataTree[] tree, TxnEntry entry, long snapshotZxid, Path dir, long[] count) {
        if (count[0] == 0) {
            checkContinues(snapshotZxid, entry.zxid(), dir);
        }
        tree[0] = tree[0].apply(entry).tree();
        count[0]++;
    }

    /** The log opened by the scanner thread, or its failure as the IOException it was. */
    private static TxnLog opened(FutureTask<TxnLog> opening) throws IOException {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the txn log was being recovered", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private static void closeQuietly(FutureTask<TxnLog> opening) {
        try {
            opened(opening).close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the txn log after a failed recovery: {}", e.toString());
        }
    }

    /** A snapshot's tree and its file; file null for the empty tree. */
    record Loaded(DataTree tree, Path file) {}

    /**
     * The tree of the newest snapshot whose file checks (CRC32C, framing) pass, whose structure
     * rebuilds and whose digest matches the tree it rebuilt. A snapshot failing a check is skipped
     * with a warning for the next older one; the empty tree when none is left (the log must then
     * hold everything, which the replay checks).
     */
    static Loaded loadNewestSnapshot(SnapshotStore snapshots) throws IOException {
        for (SnapshotStore.SnapshotFile file : snapshots.list()) {
            Path path = file.path();
            try {
                // One pass over the file: its CRC32C is checked as the body is read, before the tree is used.
                try (SnapshotStore.BodyReader body = SnapshotStore.openChecking(path)) {
                    SnapshotHeader header = body.header();
                    DataTree tree;
                    try {
                        tree = TreeSnapshot.read(body::read, path.toString());
                    } catch (RuntimeException e) {
                        body.finish(); // a file failing its CRC explains any parse failure: fall back for that
                        throw e;
                    }
                    body.finish();
                    if (tree.lastZxid() != header.zxid()) {
                        throw new SnapshotFormatException(path.toString(), "holds the tree at "
                                + Zxid.hex(tree.lastZxid()) + " but its header says " + Zxid.hex(header.zxid()));
                    }
                    return new Loaded(tree, path);
                }
            } catch (CorruptSnapshotException | SnapshotFormatException e) {
                LOG.warn("snapshot recovery: {}; falling back to an older snapshot", e.getMessage());
            }
        }
        return new Loaded(DataTree.empty(), null);
    }

    /**
     * The first replayed record must follow the snapshot: the next counter in the same epoch, or
     * the first txn of a later epoch. Anything else means log segments are missing.
     */
    static void checkContinues(long snapshotZxid, long firstZxid, Path logDir) {
        boolean next = firstZxid == snapshotZxid + 1;
        boolean newEpoch = Zxid.counter(firstZxid) == 1 && Zxid.epoch(firstZxid) > Zxid.epoch(snapshotZxid);
        if (!next && !newEpoch) {
            throw new UncheckedIOException(new IOException("txn log " + logDir + " does not continue the snapshot at " + Zxid.hex(snapshotZxid)
                    + ": its first record after it is " + Zxid.hex(firstZxid) + " (segments missing?)"));
        }
    }
}
