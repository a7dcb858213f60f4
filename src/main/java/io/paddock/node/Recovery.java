package io.paddock.node;

import io.paddock.storage.DurableLog;
import io.paddock.config.NodeConfig;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.storage.CorruptSnapshotException;
import io.paddock.storage.DataLayout;
import io.paddock.storage.ElectionFile;
import io.paddock.storage.ElectionStore;
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
 * Rebuilds the node's state on start: the newest snapshot that passes its checks (a damaged
 * newer one is skipped with a warning), then the log records with a zxid above the snapshot's,
 * in order: a standalone node applies them all (a quorum of one committed what it logged); a
 * cluster node only holds them for its replica, since its leader may truncate an uncommitted
 * tail. Also reads the election state. Refuses to start (an {@link IOException} naming what is
 * missing) when the log does not continue where the snapshot ends. Blocking; runs on a thread of
 * its own ({@code paddock-recovery}, started before Vert.x), with the log scanned and decoded on
 * a second one ({@code paddock-log-recovery}).
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /**
     * The recovered tree (applied up to where the log is known committed), the open log, the
     * snapshot store, how many txns were replayed after the snapshot, the election state, and
     * the held log: the entries after {@code baseZxid} the replica keeps in memory (every entry
     * not applied, and the newest applied ones up to the DIFF window).
     */
    record Recovered(DataTree tree, DurableLog log, SnapshotStore snapshots, long replayedTxns,
                     ElectionStore.Vote vote, long baseZxid, List<TxnEntry> held) {}

    /**
     * Applies replayed entries up to {@code applyUpToZxid} (a standalone node's whole log: a
     * quorum of one commits what it logged; a cluster node's snapshot, since what follows may
     * be an uncommitted tail its leader truncates) and keeps the held window.
     */
    private static final class Replay {
        final long snapshotZxid;
        final long applyUpToZxid;
        final int windowTxns;
        final Path dir;
        DataTree tree;
        long count;
        long baseZxid;
        final java.util.ArrayDeque<TxnEntry> held = new java.util.ArrayDeque<>();

        Replay(DataTree tree, long applyUpToZxid, int windowTxns, Path dir) {
            this.tree = tree;
            this.snapshotZxid = tree.lastZxid();
            this.baseZxid = snapshotZxid;
            this.applyUpToZxid = applyUpToZxid;
            this.windowTxns = windowTxns;
            this.dir = dir;
        }

        void accept(TxnEntry entry) {
            if (count == 0) {
                checkContinues(snapshotZxid, entry.zxid(), dir);
            }
            count++;
            if (entry.zxid() <= applyUpToZxid) {
                tree = tree.apply(entry).tree();
            }
            held.addLast(entry);
            while (held.size() > windowTxns && held.peekFirst().zxid() <= tree.lastZxid()) {
                baseZxid = held.pollFirst().zxid();
            }
        }
    }

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
        long applyUpTo = config.standalone() ? Long.MAX_VALUE : snapshot.tree().lastZxid();
        Replay replay = new Replay(snapshot.tree().editable(), applyUpTo, config.diffWindowTxns(), dir);
        boolean decodedAhead = snapshot.tree().lastZxid() == ahead.afterZxid();
        if (decodedAhead) {
            replay(ahead, opening, replay);
        } else {
            ahead.cancel(); // the newest snapshot was damaged: replay from the older one
        }
        TxnLog log = opened(opening);
        log.recoveryWarnings().forEach(w -> LOG.warn("txn log recovery: {}", w));
        if (!decodedAhead) {
            replay(log, replay);
        }
        DataTree tree = replay.tree;
        if (log.lastZxid() < snapshot.tree().lastZxid()) {
            LOG.warn("the txn log ends at {} before the snapshot at {}", Zxid.hex(log.lastZxid()),
                    Zxid.hex(snapshot.tree().lastZxid()));
        }
        tree = tree.frozen();
        ElectionStore.Vote vote = electionState(config, log.lastZxid());
        LOG.info("recovered snapshot {} in {} ms, then {} txns from {} in {} ms: last zxid {}, applied {}, {} znodes, "
                        + "{} sessions, epoch {}", Zxid.hex(snapshot.tree().lastZxid()), loadedMs, replay.count, dir,
                (System.nanoTime() - started) / 1_000_000 - loadedMs, Zxid.hex(log.lastZxid()), Zxid.hex(tree.lastZxid()),
                tree.nodeCount(), tree.sessionCount(), vote.epoch());
        return new Recovered(tree, new DurableLog(log), snapshots, replay.count, vote, replay.baseZxid,
                List.copyOf(replay.held));
    }

    /**
     * The stored election state, never below the epoch of the last logged zxid. A data directory
     * whose election file is missing or older than its log (restored from a backup taken before
     * the file existed, or copied by hand) takes the log's epoch, counting itself as having voted
     * in it: it can then never vote for two candidates in that epoch.
     */
    private static ElectionStore.Vote electionState(NodeConfig config, long lastLoggedZxid) throws IOException {
        ElectionStore.Vote vote = new ElectionFile(config.dataDir()).load();
        long logEpoch = Zxid.epoch(lastLoggedZxid);
        if (vote.epoch() >= logEpoch) {
            return vote;
        }
        LOG.warn("the election state (epoch {}) is older than the txn log (epoch {}); using the log's epoch",
                vote.epoch(), logEpoch);
        return new ElectionStore.Vote(logEpoch, config.serverId());
    }

    /** Replays the entries {@code ahead} decodes. */
    private static void replay(DecodeAhead ahead, FutureTask<TxnLog> opening, Replay replay) throws IOException {
        try {
            ahead.drain(replay::accept);
        } catch (UncheckedIOException e) {
            ahead.cancel();
            closeQuietly(opening);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            ahead.cancel();
            closeQuietly(opening);
            throw e;
        }
    }

    /** Replays every log record after the snapshot. Closes the log on failure. */
    private static void replay(TxnLog log, Replay replay) throws IOException {
        try {
            log.replay(replay.snapshotZxid, record -> replay.accept(TxnCodec.decode(record.payload())));
        } catch (UncheckedIOException e) {
            log.close();
            throw e.getCause();
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
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
            try {
                return new Loaded(loadSnapshot(file.path()), file.path());
            } catch (CorruptSnapshotException | SnapshotFormatException e) {
                LOG.warn("snapshot recovery: {}; falling back to an older snapshot", e.getMessage());
            }
        }
        return new Loaded(DataTree.empty(), null);
    }

    /**
     * The tree of one snapshot file, read in one pass that checks its CRC32C, rebuilds its
     * structure and checks its digest and zxid; a {@link CorruptSnapshotException} or
     * {@link SnapshotFormatException} when any check fails.
     */
    static DataTree loadSnapshot(Path path) throws IOException {
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
            return tree;
        }
    }

    /**
     * The first replayed record must follow the snapshot: the next counter in the same epoch, or
     * the first txn of a later epoch. Anything else means log segments are missing.
     */
    static void checkContinues(long snapshotZxid, long firstZxid, Path logDir) {
        if (!continues(snapshotZxid, firstZxid)) {
            throw new UncheckedIOException(new IOException("txn log " + logDir + " does not continue the snapshot at " + Zxid.hex(snapshotZxid)
                    + ": its first record after it is " + Zxid.hex(firstZxid) + " (segments missing?)"));
        }
    }

    /**
     * True when a log record at {@code nextZxid} directly follows {@code previousZxid}: the next
     * counter in the same epoch, or the first txn of a later epoch.
     */
    static boolean continues(long previousZxid, long nextZxid) {
        boolean next = nextZxid == previousZxid + 1;
        // A later epoch starts with its NEWLEADER marker (counter 0); logs from before markers existed start at 1.
        boolean newEpoch = Zxid.counter(nextZxid) <= 1 && Zxid.epoch(nextZxid) > Zxid.epoch(previousZxid);
        return next || newEpoch;
    }
}
