package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The snapshot files of one node, in one directory. Storage never looks inside a body (the tree
 * encodes it); it frames, checksums, names and retires the files.
 *
 * <p>Files: {@code snapshot.<zxid as 16 lowercase hex digits>}. Grammar (big-endian):
 * <pre>
 * File    := Header Body Trailer
 * Header  := magic "PDKSNAP\1" (8 bytes), int version (1), int serverId, long zxid, long epoch,
 *            int crc32c (over the 32 bytes before it)
 * Body    := the tree encoding (io.paddock.tree.TreeSnapshot), opaque here
 * Trailer := long length (bytes of Header + Body), int crc32c (over Header + Body), "PDKE"
 * </pre>
 *
 * <p>Writing ({@link #begin}, {@link Writer#commit}): the bytes go to
 * {@code snapshot.<zxid>.tmp}; commit appends the trailer, fsyncs the file, renames it atomically
 * to its final name and fsyncs the directory. A crash at any point leaves either no snapshot at
 * that zxid (a stale temp file, removed by {@link #removeTempFiles}) or a complete one.
 *
 * <p>Threading: blocking, for worker threads. A store is a handle without mutable state; one
 * writer at a time per store is the caller's rule (the snapshot verticle keeps at most one
 * snapshot in flight). Readers may run concurrently with a writer: they never see temp files.
 */
public final class SnapshotStore {
    private final Path dir;
    private final int serverId;
    private final boolean forceSync;

    /** A snapshot file and the zxid in its name. */
    public record SnapshotFile(Path path, long zxid) {}

    /** The newest snapshot that passed every check (null if none) and why newer ones were skipped. */
    public record Newest(SnapshotFile file, SnapshotHeader header, List<String> warnings) {}

    public SnapshotStore(Path dir, int serverId, boolean forceSync) {
        this.dir = dir;
        this.serverId = serverId;
        this.forceSync = forceSync;
    }

    public Path dir() {
        return dir;
    }

    /** Snapshot files (not temp files), newest (highest zxid) first; empty if the directory is missing. */
    public List<SnapshotFile> list() throws IOException {
        return list(dir);
    }

    /** As {@link #list()} for any directory. */
    public static List<SnapshotFile> list(Path dir) throws IOException {
        List<SnapshotFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) return files;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, SnapshotFormat.PREFIX + "*")) {
            for (Path file : stream) {
                long zxid = SnapshotFormat.zxidOf(file.getFileName().toString());
                if (zxid >= 0 && Files.isRegularFile(file)) files.add(new SnapshotFile(file, zxid));
            }
        }
        files.sort(Comparator.comparingLong(SnapshotFile::zxid).reversed());
        return files;
    }

    /**
     * Checks a snapshot file completely (header, trailer, whole-file CRC32C, zxid in the name);
     * returns its header or throws {@link CorruptSnapshotException}.
     */
    public static SnapshotHeader verify(Path file) throws IOException {
        SnapshotHeader header = SnapshotFormat.check(file, new CRC32C());
        checkName(file, header);
        return header;
    }

    private static void checkName(Path file, SnapshotHeader header) throws CorruptSnapshotException {
        long named = SnapshotFormat.zxidOf(file.getFileName().toString());
        if (named >= 0 && named != header.zxid()) {
            throw new CorruptSnapshotException(file, 16, "header zxid 0x" + Long.toHexString(header.zxid())
                    + " does not match the file name");
        }
    }

    /** The newest snapshot that verifies; damaged newer ones are skipped with a warning each. */
    public Newest openNewestValid() throws IOException {
        List<String> warnings = new ArrayList<>();
        for (SnapshotFile file : list()) {
            try {
                return new Newest(file, verify(file.path()), List.copyOf(warnings));
            } catch (CorruptSnapshotException e) {
                warnings.add(e.getMessage() + "; falling back to an older snapshot");
            }
        }
        return new Newest(null, null, List.copyOf(warnings));
    }

    /** Opens the body of a verified snapshot for reading. */
    public static BodyReader openBody(Path file, SnapshotHeader header) throws IOException {
        return new BodyReader(FileChannel.open(file, StandardOpenOption.READ), file, header, null, 0);
    }

    /**
     * Opens a snapshot for one streaming pass instead of a check pass and a read pass over the
     * same file: header and trailer are checked now (as {@link #verify} does), and the CRC32C of
     * the whole file is computed as the body is read and compared by {@link BodyReader#finish()},
     * which the caller must call before it trusts anything it read.
     */
    public static BodyReader openChecking(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            CRC32C crc = new CRC32C();
            SnapshotFormat.Frame frame = SnapshotFormat.checkFrame(channel, file, crc);
            checkName(file, frame.header());
            crc.reset();
            crc.update(frame.headerBytes().rewind());
            return new BodyReader(channel, file, frame.header(), crc, frame.crc());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Starts writing the snapshot at {@code zxid}; the caller streams the body, then commits. */
    public Writer begin(long zxid, long epoch) throws IOException {
        Files.createDirectories(dir);
        return new Writer(zxid, epoch);
    }

    /**
     * Deletes all but the newest {@code retainCount} snapshots (oldest first, then one directory
     * fsync) and returns the zxid of the oldest snapshot kept, or -1 if there is none: the log
     * must keep every record above it.
     */
    public long purge(int retainCount) throws IOException {
        Check.that(retainCount >= 1, "retain at least one snapshot, not %d", retainCount);
        List<SnapshotFile> files = list();
        boolean deleted = false;
        for (int i = files.size() - 1; i >= retainCount; i--) {
            Files.deleteIfExists(files.get(i).path());
            deleted = true;
        }
        if (deleted && forceSync) DirectorySync.fsync(dir);
        int kept = Math.min(retainCount, files.size());
        return kept == 0 ? -1 : files.get(kept - 1).zxid();
    }

    /** Removes temp files that a crash mid-snapshot left; call only when no writer is running. */
    public List<Path> removeTempFiles() throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, SnapshotFormat.PREFIX + "*"
                + SnapshotFormat.TEMP_SUFFIX)) {
            for (Path file : stream) {
                Files.delete(file);
                removed.add(file);
            }
        }
        return removed;
    }

    /**
     * One snapshot being written. {@link #write} takes body bytes (I/O errors surface as
     * {@link UncheckedIOException}, so that the pure encoder can call it); {@link #commit} makes
     * it durable and visible; {@link #close} without commit deletes the temp file.
     */
    /** While a snapshot is written, its data is synced every this many bytes. */
    static final long SYNC_STEP_BYTES = 16L << 20;

    public final class Writer implements AutoCloseable {
        private final long zxid;
        private final Path temp;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private long length;
        private long syncedLength;
        private boolean committed;

        private Writer(long zxid, long epoch) throws IOException {
            this.zxid = zxid;
            this.temp = dir.resolve(SnapshotFormat.fileName(zxid) + SnapshotFormat.TEMP_SUFFIX);
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            ByteBuffer header = SnapshotFormat.header(serverId, zxid, epoch, crc);
            crc.reset();
            crc.update(header.array(), 0, SnapshotFormat.HEADER_BYTES);
            writeFully(header);
        }

        public void write(byte[] bytes, int offset, int count) {
            Check.that(!committed, "write after commit");
            crc.update(bytes, offset, count);
            try {
                writeFully(ByteBuffer.wrap(bytes, offset, count));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeFully(ByteBuffer buffer) throws IOException {
            length += buffer.remaining();
            while (buffer.hasRemaining()) channel.write(buffer);
            if (forceSync && length - syncedLength >= SYNC_STEP_BYTES) {
                // Hand the disk the snapshot a slice at a time: one burst of hundreds of MiB of dirty
                // pages at the final fsync would queue ahead of the txn log's fsyncs for a long while.
                channel.force(false);
                syncedLength = length;
            }
        }

        /** Trailer, fsync, atomic rename, directory fsync; returns the final file. */
        public SnapshotFile commit() throws IOException {
            Check.that(!committed, "snapshot committed twice");
            long bodyEnd = length;
            ByteBuffer trailer = SnapshotFormat.trailer(bodyEnd, (int) crc.getValue());
            while (trailer.hasRemaining()) channel.write(trailer);
            if (forceSync) channel.force(true);
            channel.close();
            Path target = dir.resolve(SnapshotFormat.fileName(zxid));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (forceSync) DirectorySync.fsync(dir);
            committed = true;
            Check.that(Files.size(target) == bodyEnd + SnapshotFormat.TRAILER_BYTES, "snapshot size mismatch");
            return new SnapshotFile(target, zxid);
        }

        @Override
        public void close() throws IOException {
            if (committed) return;
            channel.close();
            Files.deleteIfExists(temp);
        }
    }

    /** The body of one snapshot file, read sequentially; I/O errors surface as {@link UncheckedIOException}. */
    public static final class BodyReader implements AutoCloseable {
        private final FileChannel channel;
        private final Path file;
        private final SnapshotHeader header;
        private final long end;
        /** Null when the file was verified before; else the CRC32C of everything read so far. */
        private final CRC32C crc;
        private final int expectedCrc;
        private long position = SnapshotFormat.HEADER_BYTES;

        private BodyReader(FileChannel channel, Path file, SnapshotHeader header, CRC32C crc, int expectedCrc) {
            this.channel = channel;
            this.file = file;
            this.header = header;
            this.end = SnapshotFormat.HEADER_BYTES + header.bodyBytes();
            this.crc = crc;
            this.expectedCrc = expectedCrc;
        }

        public SnapshotHeader header() {
            return header;
        }

        /** Up to {@code count} bytes into {@code bytes}; -1 at the end of the body. */
        public int read(byte[] bytes, int offset, int count) {
            if (position >= end) return -1;
            int n = (int) Math.min(count, end - position);
            try {
                int read = channel.read(ByteBuffer.wrap(bytes, offset, n), position);
                if (read < 0) throw new IOException("snapshot shorter than its trailer says");
                if (crc != null) {
                    crc.update(bytes, offset, read);
                }
                position += read;
                return read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * For a reader from {@link #openChecking}: reads what the caller left of the body, then
         * throws {@link CorruptSnapshotException} unless the file's CRC32C matches its trailer.
         */
        public void finish() throws IOException {
            if (crc == null) {
                return;
            }
            byte[] rest = new byte[64 << 10];
            while (read(rest, 0, rest.length) >= 0) {
                // drained into the CRC
            }
            if ((int) crc.getValue() != expectedCrc) {
                throw SnapshotFormat.crcMismatch(file, end);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
