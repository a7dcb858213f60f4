package io.paddock.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Online backup and restore of a data directory, safe while a node runs on it. A backup is
 * itself a data directory: {@code snapshots/} with the newest valid snapshot, {@code log/} with
 * every segment holding records after it, and the epoch files. Restore checks a backup and lays
 * it out under a new (empty) data directory.
 *
 * <p>Why it is consistent without stopping the node: snapshot files are immutable once renamed;
 * log segments are append-only, and every record acknowledged before the backup started was
 * written (and fsync'd) before the copy read it. The newest segment may be appended to during
 * the copy, so its copy is cut at the first damaged record: what follows was written after the
 * backup began. Older segments must copy clean.
 *
 * <p>Stateless; blocking; runs on the calling (tool) thread.
 */
public final class Backup {
    private Backup() {}

    /** What a backup or restore copied. */
    public record Summary(Path snapshot, long snapshotZxid, List<Path> segments, long lastZxid, List<String> notes) {}

    /**
     * Copies the newest valid snapshot in {@code snapshotDir} and the log segments of
     * {@code logDir} that hold records after it into {@code to} ({@code to/snapshots},
     * {@code to/log}), and the epoch files found in {@code dataDir}.
     */
    public static Summary backup(Path dataDir, Path snapshotDir, Path logDir, Path to) throws IOException {
        requireEmpty(to);
        List<String> notes = new ArrayList<>();
        Path snapshotsTo = Files.createDirectories(DataLayout.snapshotDir(to));
        Path logTo = Files.createDirectories(DataLayout.logDir(to, null));
        Path snapshot = null;
        long snapshotZxid = 0;
        for (SnapshotStore.SnapshotFile file : SnapshotStore.list(snapshotDir)) {
            try {
                Path copy = snapshotsTo.resolve(file.path().getFileName());
                Files.copy(file.path(), copy);
                SnapshotStore.verify(copy);
                snapshot = copy;
                snapshotZxid = file.zxid();
                break;
            } catch (CorruptSnapshotException | NoSuchFileException e) {
                notes.add("skipped " + file.path() + ": " + e.getMessage());
                Files.deleteIfExists(snapshotsTo.resolve(file.path().getFileName()));
            }
        }
        List<Path> segments = copySegments(logDir, logTo, snapshotZxid, notes);
        long lastZxid = segments.isEmpty() ? snapshotZxid
                : LogInspector.scan(segments.get(segments.size() - 1), (o, r) -> { }).lastZxid();
        copyEpochFiles(dataDir, to);
        syncTree(to);
        return new Summary(snapshot, snapshotZxid, segments, Math.max(lastZxid, snapshotZxid), notes);
    }

    private static List<Path> copySegments(Path logDir, Path logTo, long snapshotZxid, List<String> notes)
            throws IOException {
        List<Path> files = LogInspector.segmentFiles(logDir);
        List<Path> copied = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            boolean newest = i == files.size() - 1;
            if (!newest && LogInspector.firstZxidOf(files.get(i + 1)) <= snapshotZxid + 1) {
                continue; // every record of this segment is in the snapshot
            }
            Path copy = logTo.resolve(files.get(i).getFileName());
            try {
                Files.copy(files.get(i), copy);
            } catch (NoSuchFileException e) {
                throw new IOException("log segment " + files.get(i) + " was purged during the backup; run it again", e);
            }
            LogInspector.Segment segment = LogInspector.scan(copy, (o, r) -> { });
            if (segment.problem() != null && !newest) {
                throw new CorruptLogException(files.get(i), segment.problem().offset(), segment.problem().reason());
            }
            if (segment.records() == 0) {
                Files.delete(copy); // a segment created a moment ago, nothing in it yet
                continue;
            }
            if (segment.problem() != null) {
                notes.add("cut the copy of " + files.get(i) + " at offset " + segment.endOffset()
                        + " (records appended during the backup)");
            }
            trimTo(copy, segment.endOffset());
            copied.add(copy);
        }
        return copied;
    }

    /** Copies the backup {@code from} into the empty data directory layout, after checking every file. */
    public static Summary restore(Path from, Path snapshotDir, Path logDir, Path dataDir) throws IOException {
        requireEmpty(snapshotDir);
        requireEmpty(logDir);
        List<SnapshotStore.SnapshotFile> snapshots = SnapshotStore.list(DataLayout.snapshotDir(from));
        Path snapshot = null;
        long snapshotZxid = 0;
        Files.createDirectories(snapshotDir);
        if (!snapshots.isEmpty()) {
            SnapshotStore.verify(snapshots.get(0).path());
            snapshot = snapshotDir.resolve(snapshots.get(0).path().getFileName());
            Files.copy(snapshots.get(0).path(), snapshot);
            snapshotZxid = snapshots.get(0).zxid();
        }
        Files.createDirectories(logDir);
        List<Path> segments = new ArrayList<>();
        long lastZxid = snapshotZxid;
        for (Path file : LogInspector.segmentFiles(DataLayout.logDir(from, null))) {
            LogInspector.Segment segment = LogInspector.scan(file, (o, r) -> { });
            if (segment.problem() != null) {
                throw new CorruptLogException(file, segment.problem().offset(), segment.problem().reason());
            }
            Path copy = logDir.resolve(file.getFileName());
            Files.copy(file, copy);
            segments.add(copy);
            lastZxid = Math.max(lastZxid, segment.lastZxid());
        }
        copyEpochFiles(from, dataDir);
        syncTree(snapshotDir);
        syncTree(logDir);
        syncTree(dataDir);
        return new Summary(snapshot, snapshotZxid, segments, lastZxid, List.of());
    }

    private static void copyEpochFiles(Path fromDir, Path toDir) throws IOException {
        Files.createDirectories(toDir);
        for (String name : List.of(ElectionFile.NAME, EpochFile.CURRENT_EPOCH, EpochFile.ACCEPTED_EPOCH)) {
            Path source = fromDir.resolve(name);
            if (Files.isRegularFile(source)) {
                Files.copy(source, toDir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) throw new IOException(dir + " is not empty");
        }
    }

    private static void trimTo(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > bytes) channel.truncate(bytes);
        }
    }

    /** Fsyncs every regular file directly in {@code dir}, then {@code dir}: the copy is durable when we return. */
    private static void syncTree(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(path)) {
                    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                } else if (Files.isDirectory(path)) {
                    syncTree(path);
                }
            }
        }
        DirectorySync.fsync(dir);
    }
}
