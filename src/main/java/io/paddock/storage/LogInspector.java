package io.paddock.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Read-only inspection of txn log segments, for the tools (log-dump, verify, backup): it walks
 * the records of one segment with the same checks as recovery ({@link LogRecovery}) but never
 * truncates or deletes anything; damage is reported as a {@link Problem} instead.
 *
 * <p>Stateless; blocking; any thread. {@link #scan} reads one segment into memory at a time,
 * {@link #stream} a window of it.
 */
public final class LogInspector {
    private LogInspector() {}

    /** Receives each valid record with the byte offset where it starts. */
    @FunctionalInterface
    public interface RecordVisitor {
        void record(long offset, LogRecord record);
    }

    /**
     * The first damage in a segment. {@code tornTail} is true when nothing valid follows it, which
     * recovery repairs by truncation if the segment is the newest; otherwise it is corruption.
     */
    public record Problem(Path file, long offset, String reason, boolean tornTail) {
        @Override
        public String toString() {
            return file + " at offset " + offset + ": " + reason + (tornTail ? " (torn tail)" : "");
        }
    }

    /**
     * What one segment holds. {@code serverId}/{@code epoch} are -1 if the header is damaged;
     * {@code endOffset} is where the valid records end.
     */
    public record Segment(Path file, long nameZxid, int serverId, long epoch, long records, long firstZxid,
                          long lastZxid, long endOffset, Problem problem) {}

    /**
     * What {@link #stream} read of one segment: how many valid records, the last one's zxid (0
     * for none), and the first damage met (null when the records ended, or the visitor stopped).
     */
    public record Streamed(long lastZxid, long records, Problem problem) {}

    /**
     * Passes the valid records of one segment, in order, to {@code visitor} until it returns
     * false, the records end (a zero length: the preallocated tail) or one is damaged; reads the
     * file through a window of {@code windowBytes} (grown only for a larger record), so a reader
     * beside a running node never holds a whole segment. The checks are {@link #scan}'s, but a
     * torn tail is not told from corruption here: any damage ends the stream as a problem.
     */
    public static Streamed stream(Path file, int windowBytes, java.util.function.Predicate<LogRecord> visitor)
            throws IOException {
        return SegmentStream.read(file, windowBytes, visitor);
    }

    /** Segment files of a log directory, oldest first. */
    public static List<Path> segmentFiles(Path dir) throws IOException {
        return LogRecovery.segmentFiles(dir);
    }

    /**
     * Deletes the segments of {@code dir} whose every record is at or below {@code zxid} (a
     * segment goes when the next one starts at or below zxid + 1), oldest first, never the
     * newest; then fsyncs the directory. Works from file names alone, so it is safe beside a
     * running node, which appends only to its newest segment. Returns the files deleted.
     */
    public static List<Path> purgeSegmentsBefore(Path dir, long zxid) throws IOException {
        List<Path> files = segmentFiles(dir);
        List<Path> deleted = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < files.size() && firstZxidOf(files.get(i + 1)) <= zxid + 1; i++) {
            Files.delete(files.get(i));
            deleted.add(files.get(i));
        }
        if (!deleted.isEmpty()) {
            DirectorySync.fsync(dir);
        }
        return deleted;
    }

    /** The first zxid in a segment file's name, or -1 if it is not a segment name. */
    public static long firstZxidOf(Path file) {
        return LogFormat.firstZxidOf(file.getFileName().toString());
    }

    /** Walks one segment, passing each valid record (zxid above {@code afterZxid} not required) to {@code visitor}. */
    public static Segment scan(Path file, RecordVisitor visitor) throws IOException {
        CRC32C crc = new CRC32C();
        long nameZxid = firstZxidOf(file);
        ByteBuffer buffer = LogFormat.read(file, Long.MAX_VALUE);
        LogFormat.Header header = LogFormat.readHeader(buffer, crc);
        if (header == null) {
            return new Segment(file, nameZxid, -1, -1, 0, 0, 0, 0, new Problem(file, 0, "bad segment header",
                    LogFormat.findValidRecord(buffer, 0, buffer.limit(), 0, crc) < 0));
        }
        int limit = buffer.limit();
        int offset = LogFormat.HEADER_BYTES;
        long first = 0;
        long last = 0;
        long count = 0;
        String reason = null;
        while (reason == null && limit - offset >= LogFormat.RECORD_PREFIX_BYTES) {
            int bodyBytes = buffer.getInt(offset);
            if (bodyBytes == 0) break;
            if (!LogFormat.isValidRecordAt(buffer, offset, limit, Long.MIN_VALUE, crc)) {
                reason = "bad record (length " + bodyBytes + ", torn or CRC mismatch)";
                break;
            }
            long zxid = buffer.getLong(offset + LogFormat.RECORD_PREFIX_BYTES);
            if (count == 0 && zxid != nameZxid) reason = "first zxid 0x" + Long.toHexString(zxid) + " differs from the name";
            else if (zxid <= last) reason = "zxid 0x" + Long.toHexString(zxid) + " not after 0x" + Long.toHexString(last);
            if (reason != null) return segment(file, nameZxid, header, count, first, last, offset, reason, false);
            visitor.record(offset, LogFormat.recordAt(buffer, offset));
            first = count == 0 ? zxid : first;
            last = zxid;
            count++;
            offset += LogFormat.RECORD_PREFIX_BYTES + bodyBytes;
        }
        if (reason == null && !LogFormat.allZero(buffer, offset, limit)) {
            reason = offset + LogFormat.RECORD_PREFIX_BYTES > limit ? "truncated record prefix" : "zero length record";
        }
        if (reason == null) return segment(file, nameZxid, header, count, first, last, offset, null, false);
        boolean torn = LogFormat.findValidRecord(buffer, offset + 1, limit, last, crc) < 0;
        return segment(file, nameZxid, header, count, first, last, offset,
                torn ? reason : reason + " followed by a valid record", torn);
    }

    private static Segment segment(Path file, long nameZxid, LogFormat.Header header, long count, long first,
                                   long last, long offset, String reason, boolean torn) {
        Problem problem = reason == null ? null : new Problem(file, offset, reason, torn);
        return new Segment(file, nameZxid, header.serverId(), header.epoch(), count, first, last, offset, problem);
    }
}
