package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * The append-only, segmented, durable transaction log of one node, in one directory.
 *
 * <p>Files: {@code log.<first zxid as 16 lowercase hex digits>}, so that {@code ls} lists them in
 * zxid order. Grammar (big-endian; ZooKeeper's FileTxnLog is the model):
 * <pre>
 * Segment := Header Record* ZeroPad
 * Header  := magic "PDKLOG\0\1" (8 bytes), int version (1), int serverId,
 *            long epoch (of the first zxid), int crc32c (over the 24 bytes before it)
 * Record  := int length (bytes after the crc field, &gt;= 9), int crc32c (over zxid, type, payload),
 *            long zxid, byte type, byte[length - 9] payload
 * ZeroPad := zero bytes to the end of the file (preallocation); a length of 0 ends the data
 * </pre>
 *
 * <p>Writes: a batch is encoded into one reusable direct buffer and written with one positional
 * write per segment it touches (one in the common case); {@link #sync()} is one
 * {@code force(false)} (fdatasync). New segments are zero-filled to {@code preallocateBytes},
 * forced with metadata, and the directory is fsync'd. Rolling to a new segment forces the old
 * one first, so every segment but the newest is fully durable.
 *
 * <p>Recovery ({@link #open}): segments are scanned in zxid order. After the last valid record
 * of a segment, every later byte offset is tried as a record start (valid length, CRC, and zxid
 * above the last good one). Then:
 * <ul>
 * <li>a bad record (impossible length or CRC mismatch) or a zero length followed by any valid
 *     record in the same segment: {@link CorruptLogException} naming file and offset;
 * <li>a bad record in a segment that has newer segments after it: corruption;
 * <li>a bad record in the newest segment with nothing valid after it: a torn tail; the file is
 *     truncated there and a warning is reported in {@link #recoveryWarnings()};
 * <li>a record with a good CRC whose zxid does not increase, or whose first zxid does not match
 *     the file name: corruption (a torn write cannot produce a good CRC);
 * <li>a bad header: if it is the newest segment and no valid record is found in it, the file
 *     (a crash right after creation) is deleted with a warning; otherwise corruption. A newest
 *     segment with a good header and no records is deleted too.
 * </ul>
 * Known limit: a crash during an unsynced batch that spans pages may, with out-of-order
 * writeback, leave a lost page followed by a written one. That is reported as corruption although
 * no synced data was damaged: a false alarm that stops the node, never silent loss.
 *
 * <p>Threading: blocking, for worker threads; the caller serialises calls. Not thread-safe.
 *
 * <p>Invariants: zxids strictly increase across the whole log; {@code segments} is sorted by
 * first zxid and only its last element is open for writing; after a failed write or fsync the
 * log stays failed.
 */
public final class TxnLog implements TxnLogStore {
    private static final int ENCODE_BUFFER_BYTES_SOFT_MAX = 8 << 20;
    private static final int ZERO_CHUNK_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES).asReadOnlyBuffer();

    private final Path dir;
    private final TxnLogOptions options;
    private final CRC32C crc = new CRC32C();
    private final List<String> recoveryWarnings;
    /** Invariant: sorted by first zxid; between calls every element has at least one record. */
    private final List<Segment> segments;
    /** The newest segment, open for appends; null when there are no segments or after close. */
    private FileChannel channel;
    /** Current size of the newest segment's file, preallocation included. */
    private long fileBytes;
    /** Invariant: empty (position 0) between calls. */
    private ByteBuffer encodeBuffer = ByteBuffer.allocateDirect(1 << 20);
    private int pendingCount;
    private long pendingLastZxid;
    private long lastZxid;
    private long lastSyncedZxid;
    /** True if bytes were written to {@code channel} since its last force. */
    private boolean dirty;
    private IOException failure;
    private boolean closed;
    /**
     * A zero-filled, synced file ready to become the next segment, prepared by
     * {@link #prepareSpare()} on another thread so that a roll does not zero-fill in the append
     * path. Published through this volatile field; taken (set to null) only by the append thread.
     */
    private volatile Path spare;
    private final AtomicBoolean spareInProgress = new AtomicBoolean();
    static final String SPARE_NAME = "log.spare";
    /** Test hook: thrown by the next force instead of forcing. */
    private IOException nextForceFailure;

    private TxnLog(Path dir, TxnLogOptions options, LogRecovery.Recovered recovered) {
        this.dir = dir;
        this.options = options;
        this.segments = new ArrayList<>(recovered.segments());
        this.recoveryWarnings = recovered.warnings();
        this.lastZxid = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastZxid;
        this.lastSyncedZxid = lastZxid;
    }

    /** Recovers the log in {@code dir} (created if missing) and positions appends after it. */
    public static TxnLog open(Path dir, TxnLogOptions options) throws IOException {
        TxnLog log = new TxnLog(dir, options, LogRecovery.recover(dir, options.serverId()));
        Files.deleteIfExists(dir.resolve(SPARE_NAME)); // a spare left by the last run is not trusted
        Files.deleteIfExists(dir.resolve(SPARE_NAME + ".tmp"));
        log.openNewest();
        return log;
    }

    /** What recovery repaired (torn tail, empty newest segment, foreign server id). */
    public List<String> recoveryWarnings() {
        return recoveryWarnings;
    }

    /** The segment files, oldest first. */
    public List<Path> segmentFiles() {
        List<Path> files = new ArrayList<>(segments.size());
        for (Segment segment : segments) files.add(segment.path);
        return files;
    }

    /**
     * Appends a batch. If disk space cannot be reserved for it (a zero-fill extension or a new
     * segment fails), everything the batch had written is undone, the log stays usable and
     * {@link LogSpaceException} says so; any other failure leaves the log failed.
     */
    @Override
    public void append(List<LogRecord> records) throws IOException {
        appendBatch(RecordBatch.of(records));
    }

    /**
     * {@link #append(List)} for records packed in one array (the append path of {@link DurableLog},
     * which so needs no payload array per record); reads {@code records} during the call only.
     */
    public void append(PackedRecords records) throws IOException {
        appendBatch(records);
    }

    private void appendBatch(RecordBatch batch) throws IOException {
        checkWritable();
        long previous = lastZxid;
        for (int i = 0; i < batch.size(); i++) {
            Check.that(batch.zxid(i) > previous, "zxid 0x%x not after 0x%x", batch.zxid(i), previous);
            previous = batch.zxid(i);
        }
        Mark mark = mark();
        try {
            for (int i = 0; i < batch.size(); i++) {
                appendOne(batch.zxid(i), batch.type(i), batch.payloadArray(i), batch.offset(i), batch.length(i));
            }
            flushEncoded();
        } catch (ReservationFailed e) {
            undo(mark, e);
            throw new LogSpaceException("could not reserve disk space in " + dir + " (" + e.getCause().getMessage()
                    + "); the batch was not written", e.getCause());
        } catch (IOException | RuntimeException e) {
            markFailed(e);
            throw e;
        } finally {
            encodeBuffer.clear();
            pendingCount = 0;
        }
    }

    /** Where the log stood before a batch, so that a batch without disk space can be taken back. */
    private record Mark(int segmentCount, long endOffset, long recordCount, long segmentLastZxid, long lastZxid) {}

    private Mark mark() {
        if (segments.isEmpty()) return new Mark(0, 0, 0, 0, lastZxid);
        Segment newest = newest();
        return new Mark(segments.size(), newest.endOffset, newest.recordCount, newest.lastZxid, lastZxid);
    }

    /** Removes segments the batch created and zeroes what it wrote into the one it started in. */
    private void undo(Mark mark, ReservationFailed reason) throws IOException {
        try {
            if (segments.size() > mark.segmentCount()) {
                closeChannel();
                while (segments.size() > mark.segmentCount()) {
                    Files.deleteIfExists(segments.remove(segments.size() - 1).path);
                }
                if (options.forceSync()) DirectorySync.fsync(dir);
                openNewest();
            }
            if (mark.segmentCount() > 0) {
                Segment newest = newest();
                if (newest.endOffset > mark.endOffset()) {
                    writeZeros(mark.endOffset(), newest.endOffset);
                    force(false);
                }
                newest.endOffset = mark.endOffset();
                newest.recordCount = mark.recordCount();
                newest.lastZxid = mark.segmentLastZxid();
            }
            lastZxid = mark.lastZxid();
            lastSyncedZxid = Math.min(lastSyncedZxid, lastZxid);
            dirty = false;
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(reason);
            markFailed(e);
            throw e;
        }
    }

    /** A failure to get disk space, before any record byte went into the space it was for. */
    private static final class ReservationFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ReservationFailed(IOException cause) {
            super(cause);
        }
    }

    /**
     * True when the newest segment is past half full and no spare is ready or being prepared:
     * the caller should run {@link #prepareSpare()} on another thread. Append thread only.
     */
    public boolean wantsSpare() {
        return spare == null && !spareInProgress.get() && !closed && failure == null && !segments.isEmpty()
                && options.preallocateBytes() > 0 && newest().endOffset > options.segmentBytesMax() / 2;
    }

    /**
     * Zero-fills and syncs the file that the next roll renames into the next segment. Safe to
     * run on any thread beside appends: it touches only its own file and {@link #spare}. A
     * failure (e.g. no space) leaves no spare; the roll then creates its segment itself.
     */
    public void prepareSpare() throws IOException {
        if (!spareInProgress.compareAndSet(false, true)) return;
        Path tmp = dir.resolve(SPARE_NAME + ".tmp");
        try {
            try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = Math.min(options.preallocateBytes(), options.segmentBytesMax());
                long at = 0;
                while (at < size) {
                    ByteBuffer zeros = ZEROS.duplicate();
                    zeros.limit((int) Math.min(zeros.capacity(), size - at));
                    at += file.write(zeros, at);
                }
                if (options.forceSync()) file.force(true);
            }
            Path ready = dir.resolve(SPARE_NAME);
            Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spare = ready;
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            spareInProgress.set(false);
        }
    }

    @Override
    public void sync() throws IOException {
        checkWritable();
        if (dirty) {
            try {
                force(false);
            } catch (IOException | RuntimeException e) {
                markFailed(e);
                throw e;
            }
            dirty = false;
        }
        lastSyncedZxid = lastZxid;
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    @Override
    public long lastSyncedZxid() {
        return lastSyncedZxid;
    }

    @Override
    public long firstZxid() {
        return segments.isEmpty() ? 0 : segments.get(0).firstZxid;
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public void replay(long afterZxid, Consumer<? super LogRecord> consumer) throws IOException {
        Check.that(!closed, "replay on a closed log");
        for (Segment segment : List.copyOf(segments)) {
            if (segment.lastZxid <= afterZxid) continue;
            SegmentReader.forEach(segment, afterZxid, crc, consumer);
        }
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        checkWritable();
        Check.that(zxid >= 0, "truncate after negative zxid %d", zxid);
        if (zxid >= lastZxid) return;
        try {
            closeChannel();
            for (int i = segments.size() - 1; i >= 0 && segments.get(i).firstZxid > zxid; i--) {
                Files.delete(segments.remove(i).path); // newest first: a crash leaves a valid log
            }
            DirectorySync.fsync(dir);
            if (!segments.isEmpty()) truncateSegment(segments.get(segments.size() - 1), zxid);
            lastZxid = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastZxid;
            lastSyncedZxid = Math.min(lastSyncedZxid, lastZxid);
            openNewest();
        } catch (IOException | RuntimeException e) {
            markFailed(e);
            throw e;
        }
        Check.that(lastZxid <= zxid, "truncate left zxid %d after %d", lastZxid, zxid);
    }

    /** Segments that {@link #purgeSegmentsBefore} would delete: all records at or below zxid, not the newest. */
    public List<Path> segmentsBefore(long zxid) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1 && segments.get(i).lastZxid <= zxid; i++) {
            files.add(segments.get(i).path);
        }
        return files;
    }

    @Override
    public int purgeSegmentsBefore(long zxid) throws IOException {
        Check.that(!closed, "purge on a closed log");
        int deleted = 0;
        for (Path file : segmentsBefore(zxid)) {
            Check.that(segments.get(0).path.equals(file), "purge out of order");
            Files.delete(file); // oldest first: what remains is always a contiguous suffix
            segments.remove(0);
            deleted++;
        }
        if (deleted > 0) DirectorySync.fsync(dir);
        return deleted;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        closeChannel();
    }

    /** Test hook: the next force (sync, roll or segment creation) throws {@code e}. */
    void failNextForce(IOException e) {
        nextForceFailure = e;
    }

    private void appendOne(long zxid, byte type, byte[] payload, int offset, int length) throws IOException {
        int bytes = LogFormat.encodedBytes(length);
        if (segments.isEmpty()) {
            startSegment(zxid);
        } else if (wouldOverflow(bytes)) {
            flushEncoded();
            rollTo(zxid);
        }
        reserve(bytes);
        LogFormat.putRecord(encodeBuffer, zxid, type, payload, offset, length, crc);
        pendingCount++;
        pendingLastZxid = zxid;
    }

    private boolean wouldOverflow(int bytes) {
        Segment newest = newest();
        long size = newest.endOffset + encodeBuffer.position() + bytes;
        return size > options.segmentBytesMax() && newest.recordCount + pendingCount > 0;
    }

    /** Makes room for {@code bytes} in the encode buffer, writing out what it holds if it is large. */
    private void reserve(int bytes) throws IOException {
        if (encodeBuffer.remaining() >= bytes) return;
        if (encodeBuffer.position() > 0 && encodeBuffer.position() + bytes > ENCODE_BUFFER_BYTES_SOFT_MAX) {
            flushEncoded();
        }
        if (encodeBuffer.remaining() >= bytes) return;
        int needed = encodeBuffer.position() + bytes;
        int grown = Math.max(needed, Math.min(encodeBuffer.capacity() * 2, ENCODE_BUFFER_BYTES_SOFT_MAX));
        ByteBuffer bigger = ByteBuffer.allocateDirect(grown);
        encodeBuffer.flip();
        bigger.put(encodeBuffer);
        encodeBuffer = bigger;
    }

    /** Writes the encoded records to the newest segment and advances the bookkeeping. */
    private void flushEncoded() throws IOException {
        int bytes = encodeBuffer.position();
        if (bytes == 0) return;
        Segment newest = newest();
        long at = newest.endOffset;
        ensureFileBytes(at + bytes);
        encodeBuffer.flip();
        while (encodeBuffer.hasRemaining()) {
            at += channel.write(encodeBuffer, at);
        }
        encodeBuffer.clear();
        dirty = true;
        newest.endOffset += bytes;
        newest.recordCount += pendingCount;
        newest.lastZxid = pendingLastZxid;
        lastZxid = pendingLastZxid;
        pendingCount = 0;
        Check.that(at == newest.endOffset, "wrote up to %d, expected %d", at, newest.endOffset);
    }

    /**
     * Grows the newest file with zeros (in preallocation steps) so that it holds at least
     * {@code bytes}: records are then written over blocks the file already owns, and running
     * out of space shows up here, before any record byte is written.
     */
    private void ensureFileBytes(long bytes) throws IOException {
        if (bytes <= fileBytes) return;
        long step = Math.min(fileBytes + options.preallocateBytes(), options.segmentBytesMax());
        long target = Math.max(bytes, step);
        try {
            writeZeros(fileBytes, target);
        } catch (IOException e) {
            fileBytes = channel.size(); // whatever the failed extension left is zero padding
            throw new ReservationFailed(e);
        }
        fileBytes = target;
    }

    private void writeZeros(long from, long to) throws IOException {
        long at = from;
        while (at < to) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), to - at));
            at += channel.write(zeros, at);
        }
    }

    /** Makes the newest segment durable, then starts the next one; the old stays open if that fails. */
    private void rollTo(long firstZxid) throws IOException {
        if (dirty) force(false);
        dirty = false;
        lastSyncedZxid = lastZxid;
        startSegment(firstZxid);
    }

    /**
     * Creates, preallocates and durably names a new segment whose first record will be
     * {@code firstZxid}. If that fails the new file is removed, the previous segment stays the
     * newest, and the failure is a {@link ReservationFailed}: nothing was written into it.
     */
    private void startSegment(long firstZxid) throws IOException {
        Path file = dir.resolve(LogFormat.fileName(firstZxid));
        FileChannel previous = channel;
        long previousBytes = fileBytes;
        FileChannel created;
        try {
            created = openNewSegmentFile(file);
        } catch (IOException e) {
            throw new ReservationFailed(e);
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_BYTES);
            LogFormat.putHeader(header, options.serverId(), firstZxid >>> 32, crc);
            header.flip();
            while (header.hasRemaining()) created.write(header, header.position());
            channel = created;
            fileBytes = Math.max(LogFormat.HEADER_BYTES, created.size());
            ensureFileBytes(Math.min(options.preallocateBytes(), options.segmentBytesMax()));
            force(true);
            if (options.forceSync()) DirectorySync.fsync(dir);
        } catch (IOException e) {
            abandon(created, file, previous, previousBytes);
            throw e instanceof ReservationFailed failed ? failed : new ReservationFailed(e);
        } catch (RuntimeException e) {
            abandon(created, file, previous, previousBytes);
            throw e;
        }
        if (previous != null) previous.close();
        segments.add(new Segment(file, firstZxid, 0, LogFormat.HEADER_BYTES, 0));
    }

    /** The new segment's file: the prepared spare renamed into place when there is one, else a new file. */
    private FileChannel openNewSegmentFile(Path file) throws IOException {
        Path ready = spare;
        if (ready != null) {
            spare = null;
            try {
                Files.move(ready, file, StandardCopyOption.ATOMIC_MOVE);
                return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                Files.deleteIfExists(ready); // fall back to a fresh file below
            }
        }
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void abandon(FileChannel created, Path file, FileChannel previous, long previousBytes) throws IOException {
        channel = previous;
        fileBytes = previousBytes;
        created.close();
        Files.deleteIfExists(file);
    }

    /** Cuts the newest segment after the last record with a zxid at or below {@code zxid}. */
    private void truncateSegment(Segment segment, long zxid) throws IOException {
        if (segment.lastZxid <= zxid) return;
        SegmentReader.Position cut = SegmentReader.positionAfter(segment, zxid, crc);
        Check.that(cut.recordCount() > 0, "segment %d left without records", segment.firstZxid);
        try (FileChannel file = FileChannel.open(segment.path, StandardOpenOption.WRITE)) {
            file.truncate(cut.endOffset());
            file.force(true);
        }
        segment.endOffset = cut.endOffset();
        segment.lastZxid = cut.lastZxid();
        segment.recordCount = cut.recordCount();
    }

    /** Opens the newest segment (if any) for appends after its last record. */
    private void openNewest() throws IOException {
        if (segments.isEmpty()) return;
        channel = FileChannel.open(newest().path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        fileBytes = channel.size();
        Check.that(fileBytes >= newest().endOffset, "file shorter than its records: %d < %d",
                fileBytes, newest().endOffset);
    }

    private void force(boolean metadata) throws IOException {
        if (nextForceFailure != null) {
            IOException e = nextForceFailure;
            nextForceFailure = null;
            throw e;
        }
        if (options.forceSync()) channel.force(metadata);
    }

    private void closeChannel() throws IOException {
        FileChannel open = channel;
        channel = null;
        if (open != null) open.close();
    }

    private Segment newest() {
        return segments.get(segments.size() - 1);
    }

    private void checkWritable() throws IOException {
        Check.that(!closed, "use of a closed log");
        if (failure != null) throw new IOException("txn log failed earlier; restart to recover", failure);
    }

    /** After this, every append, sync and truncate throws: a failed write or fsync is never retried. */
    private void markFailed(Exception e) {
        if (failure == null) failure = e instanceof IOException io ? io : new IOException("txn log write failed", e);
    }
}
