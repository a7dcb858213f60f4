package io.paddock.node;

import io.paddock.model.Check;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import io.paddock.model.Zxid;
import io.paddock.session.WatchHistory;
import io.paddock.storage.CorruptSnapshotException;
import io.paddock.storage.LogInspector;
import io.paddock.storage.LogRecord;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.paddock.tree.SnapshotFormatException;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch history older than the node keeps in memory, rebuilt from its own files: the newest
 * retained snapshot at or before the resume's {@code fromZxid}, then the txn log records after
 * it up to {@code toZxid} (where the memory history takes over), each applied to the snapshot's
 * tree with {@link DataTree#apply} so that every event comes out as it did live: a closeSession's
 * deleted ephemerals included, and each event's ACL read from the tree right after its txn (or
 * right before it, for a znode the txn removed).
 *
 * <p>Blocking; runs on a Vert.x worker, one rebuild at a time per node ({@link HistoryRebuilds}).
 * It only reads files (snapshots and segments it opens itself, never the node's open log; a
 * segment through a window of {@link #WINDOW_BYTES}, never whole), so
 * it can run beside appends, snapshots and purges: a file that vanishes under it, a damaged
 * file, or a log that does not continue from the snapshot to {@code toZxid} is answered as
 * {@link Gone}, never thrown.
 *
 * <p>Invariants: a {@link Rebuilt} history covers exactly {@code (fromZxid, toZxid]} and holds
 * only the events a watch on the asked path of the asked kind would have received (the ACL
 * filter is left to the event loop); at most one tree beyond the node's own is alive during a
 * rebuild: each txn's tree replaces the one before it, which becomes garbage.
 */
final class LogHistory {
    private static final Logger LOG = LoggerFactory.getLogger(LogHistory.class);

    /** What a rebuild found: one of the three outcomes below. */
    sealed interface Outcome permits Rebuilt, Gone, Busy {}

    /** The events of {@code (fromZxid, toZxid]} a watch would have received, in {@code events}. */
    record Rebuilt(WatchHistory events, long toZxid) implements Outcome {}

    /**
     * The node's files cannot serve the resume. {@code oldestZxid} is the oldest zxid they can
     * serve from (a retained snapshot's), or -1 when they serve nothing older than memory.
     */
    record Gone(long oldestZxid) implements Outcome {}

    /** Too many resumes are waiting for the disk: try again shortly. */
    record Busy() implements Outcome {}

    /** What to rebuild: the watch's path and kind, and the zxid range. */
    record Ask(String path, boolean recursive, long fromZxid, long toZxid) {}

    /** The window through which segments are read: records are small, segments large and preallocated. */
    private static final int WINDOW_BYTES = 1 << 20;

    private final Path snapshotDir;
    private final Path logDir;

    LogHistory(Path snapshotDir, Path logDir) {
        this.snapshotDir = snapshotDir;
        this.logDir = logDir;
    }

    /** Rebuilds the events {@code ask} needs, or says why the files cannot give them. Never throws. */
    Outcome rebuild(Ask ask) {
        Check.that(ask.fromZxid() < ask.toZxid(), "rebuild from 0x%x to 0x%x", ask.fromZxid(), ask.toZxid());
        try {
            List<SnapshotStore.SnapshotFile> files = SnapshotStore.list(snapshotDir);
            long firstLogged = firstLoggedZxid();
            for (SnapshotStore.SnapshotFile file : files) {
                if (file.zxid() > ask.fromZxid() || !logged(file.zxid(), firstLogged)) {
                    continue; // too new, or the log after it was purged
                }
                DataTree tree = load(file.path());
                if (tree != null) {
                    return replay(tree, ask);
                }
            }
            return new Gone(oldestServable(files, firstLogged, ask.toZxid()));
        } catch (NoSuchFileException e) {
            LOG.info("watch history from {}: {} vanished while it was read (purged?)", Zxid.hex(ask.fromZxid()),
                    e.getFile());
        } catch (IOException | RuntimeException e) {
            LOG.warn("watch history from {} could not be read from {} and {}: {}", Zxid.hex(ask.fromZxid()),
                    snapshotDir, logDir, e.toString());
        }
        return new Gone(-1);
    }

    /** A snapshot's tree, or null (with a warning) when the file fails a check or was purged meanwhile. */
    private static DataTree load(Path file) throws IOException {
        try {
            return Recovery.loadSnapshot(file);
        } catch (CorruptSnapshotException | SnapshotFormatException e) {
            LOG.warn("watch history: skipping snapshot {}: {}", file, e.getMessage());
        } catch (NoSuchFileException e) {
            LOG.info("watch history: snapshot {} was removed before it could be read", file);
        }
        return null;
    }

    /** Applies the log after the snapshot up to {@code toZxid}, recording the asked events after {@code fromZxid}. */
    private Outcome replay(DataTree snapshot, Ask ask) throws IOException {
        Replay replay = new Replay(snapshot, ask);
        for (Path segment : segmentsFrom(snapshot.lastZxid())) {
            LogInspector.Streamed streamed = LogInspector.stream(segment, WINDOW_BYTES, replay::accept);
            if (replay.lastZxid == ask.toZxid()) {
                return replay.outcome();
            }
            if (streamed.problem() != null) {
                LOG.warn("watch history from {}: the txn log is damaged before {}: {}", Zxid.hex(ask.fromZxid()),
                        Zxid.hex(ask.toZxid()), streamed.problem());
                return new Gone(-1);
            }
        }
        LOG.info("watch history from {}: the txn log ends at {} before {}", Zxid.hex(ask.fromZxid()),
                Zxid.hex(replay.lastZxid), Zxid.hex(ask.toZxid()));
        return new Gone(-1);
    }

    /**
     * True when the log, whose oldest segment starts at {@code firstLogged}, still holds what
     * follows a snapshot at {@code snapshotZxid}: it starts at or before the next zxid, or with
     * the first txn of a later epoch (the replay checks every record after that).
     */
    private static boolean logged(long snapshotZxid, long firstLogged) {
        return firstLogged <= snapshotZxid + 1 || Recovery.continues(snapshotZxid, firstLogged);
    }

    /** The first zxid of the oldest log segment (by its name), or Long.MAX_VALUE without one. */
    private long firstLoggedZxid() throws IOException {
        List<Path> segments = LogInspector.segmentFiles(logDir);
        return segments.isEmpty() ? Long.MAX_VALUE : LogInspector.firstZxidOf(segments.get(0));
    }

    /** The segments that may hold records after {@code zxid}: from the last one starting at or before it + 1. */
    private List<Path> segmentsFrom(long zxid) throws IOException {
        List<Path> files = LogInspector.segmentFiles(logDir);
        int first = 0;
        for (int i = 0; i < files.size(); i++) {
            if (LogInspector.firstZxidOf(files.get(i)) <= zxid + 1) {
                first = i;
            }
        }
        return new ArrayList<>(files.subList(first, files.size()));
    }

    /**
     * The oldest retained snapshot older than {@code belowZxid} whose file verifies and whose log
     * is still there (a segment starts at or before the zxid after it), or -1 when none is.
     */
    private static long oldestServable(List<SnapshotStore.SnapshotFile> newestFirst, long firstLogged, long belowZxid)
            throws IOException {
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            SnapshotStore.SnapshotFile file = newestFirst.get(i);
            if (file.zxid() >= belowZxid || !logged(file.zxid(), firstLogged)) {
                continue;
            }
            try {
                SnapshotStore.verify(file.path());
                return file.zxid();
            } catch (CorruptSnapshotException | NoSuchFileException e) {
                LOG.debug("watch history: snapshot {} cannot serve: {}", file.path(), e.toString());
            }
        }
        return -1;
    }

    /** The tree being rolled forward and the events recorded so far. Confined to the rebuilding worker. */
    private static final class Replay {
        private final Ask ask;
        /** Invariant: holds the asked events of every txn in (fromZxid, lastZxid], nothing evicted. */
        private final WatchHistory events;
        /** Invariant: the snapshot's tree with every record up to {@code lastZxid} applied. */
        private DataTree tree;
        /** Invariant: the last record applied (the snapshot's zxid before the first); at most toZxid. */
        private long lastZxid;

        Replay(DataTree snapshot, Ask ask) {
            this.ask = ask;
            this.tree = snapshot;
            this.lastZxid = snapshot.lastZxid();
            // Sized for every txn of the range: nothing may be evicted from a rebuilt history.
            this.events = new WatchHistory(Integer.MAX_VALUE, ask.fromZxid());
        }

        /** Applies one record; false once {@code toZxid} is applied (the rest of the log is not needed). */
        boolean accept(LogRecord record) {
            if (record.zxid() <= lastZxid) {
                return true;
            }
            if (!Recovery.continues(lastZxid, record.zxid()) || record.zxid() > ask.toZxid()) {
                throw new IllegalStateException("the txn log jumps from " + Zxid.hex(lastZxid) + " to "
                        + Zxid.hex(record.zxid()) + " before " + Zxid.hex(ask.toZxid()));
            }
            TxnEntry entry = TxnCodec.decode(record.payload());
            Check.that(entry.zxid() == record.zxid(), "record 0x%x holds txn 0x%x", record.zxid(), entry.zxid());
            DataTree before = tree;
            DataTree.Result result = before.apply(entry);
            tree = result.tree();
            lastZxid = record.zxid();
            if (lastZxid > ask.fromZxid()) {
                events.record(lastZxid, asked(result.applied().events()), tree, before);
            }
            return lastZxid < ask.toZxid();
        }

        /** The events of one txn that the asked watch would have received live (before the ACL check). */
        private List<WatchEvent> asked(List<WatchEvent> all) {
            List<WatchEvent> out = null;
            for (WatchEvent event : all) {
                if (WatchHistory.matches(event, ask.path(), ask.recursive())) {
                    if (out == null) {
                        out = new ArrayList<>(all.size());
                    }
                    out.add(event);
                }
            }
            return out == null ? List.of() : out;
        }

        Outcome outcome() {
            Check.that(lastZxid == ask.toZxid(), "rebuilt to 0x%x, asked 0x%x", lastZxid, ask.toZxid());
            Check.that(events.covers(ask.fromZxid()), "the rebuilt history does not reach back to 0x%x", ask.fromZxid());
            Check.that(events.lastZxid() == ask.toZxid(), "the rebuilt history ends at 0x%x, not 0x%x",
                    events.lastZxid(), ask.toZxid());
            return new Rebuilt(events, ask.toZxid());
        }
    }
}
