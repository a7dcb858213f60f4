package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Reads the records of one txn log segment in order through a small window of the file instead
 * of the whole (preallocated, mostly zero) file, with the checks of {@link LogInspector#scan}
 * (header CRC, each record's length, CRC and increasing zxid, the first zxid against the name),
 * stopping at the first zero length (the preallocated tail), at the first damage, or when the
 * visitor says so. For readers beside a running node (a resumed watch's history), which may
 * read many segments and need only some of their records.
 *
 * <p>Blocking; the caller's thread; nothing shared. Invariant: {@code buffer} holds the file's
 * bytes {@code [bufferStart, bufferStart + buffer.limit())}; it grows only to hold one record.
 */
final class SegmentStream {
    private final FileChannel channel;
    private ByteBuffer buffer;
    private long bufferStart;

    private SegmentStream(FileChannel channel, int windowBytes) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(windowBytes).flip();
    }

    /** See {@link LogInspector#stream}. */
    static LogInspector.Streamed read(Path file, int windowBytes, Predicate<LogRecord> visitor) throws IOException {
        Check.that(windowBytes >= LogFormat.HEADER_BYTES, "window of %d bytes is smaller than a header", windowBytes);
        CRC32C crc = new CRC32C();
        long nameZxid = LogFormat.firstZxidOf(file.getFileName().toString());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SegmentStream in = new SegmentStream(channel, windowBytes);
            if (!in.have(0, LogFormat.HEADER_BYTES) || LogFormat.readHeader(in.buffer, crc) == null) {
                return new LogInspector.Streamed(0, 0, new LogInspector.Problem(file, 0, "bad segment header", false));
            }
            long offset = LogFormat.HEADER_BYTES;
            long previous = 0;
            long count = 0;
            while (in.have(offset, LogFormat.RECORD_PREFIX_BYTES)) {
                int bodyBytes = in.buffer.getInt(in.at(offset));
                if (bodyBytes == 0) {
                    break; // the zero-filled preallocation after the last record
                }
                String reason = in.check(offset, bodyBytes, previous, crc);
                long zxid = reason == null ? in.buffer.getLong(in.at(offset) + LogFormat.RECORD_PREFIX_BYTES) : 0;
                if (reason == null && count == 0 && zxid != nameZxid) {
                    reason = "first zxid 0x" + Long.toHexString(zxid) + " differs from the name";
                }
                if (reason != null) {
                    return new LogInspector.Streamed(previous, count, new LogInspector.Problem(file, offset, reason, false));
                }
                LogRecord record = LogFormat.recordAt(in.buffer, in.at(offset));
                previous = zxid;
                count++;
                offset += LogFormat.RECORD_PREFIX_BYTES + bodyBytes;
                if (!visitor.test(record)) {
                    break;
                }
            }
            return new LogInspector.Streamed(previous, count, null);
        }
    }

    /** Why the record at {@code offset} is not a valid next record, or null when it is. */
    private String check(long offset, int bodyBytes, long previous, CRC32C crc) throws IOException {
        if (bodyBytes < LogFormat.RECORD_BODY_BYTES_MIN || bodyBytes > LogFormat.RECORD_BODY_BYTES_MAX) {
            return "bad record length " + bodyBytes;
        }
        if (!have(offset, LogFormat.RECORD_PREFIX_BYTES + bodyBytes)) {
            return "record of " + bodyBytes + " bytes cut short by the end of the file";
        }
        if (!LogFormat.isValidRecordAt(buffer, at(offset), buffer.limit(), previous == 0 ? Long.MIN_VALUE : previous,
                crc)) {
            return "bad record (CRC mismatch, or zxid not after 0x" + Long.toHexString(previous) + ")";
        }
        return null;
    }

    private int at(long offset) {
        return (int) (offset - bufferStart);
    }

    /**
     * Makes the file's bytes {@code [offset, offset + bytes)} available in {@link #buffer} (keeping
     * what it holds from {@code offset} on, growing it only when one record needs more); false
     * when the file ends before them.
     */
    private boolean have(long offset, int bytes) throws IOException {
        Check.that(offset >= bufferStart, "stream went back to %d from %d", offset, bufferStart);
        int from = at(offset);
        if (from + bytes <= buffer.limit()) {
            return true;
        }
        ByteBuffer kept = buffer.position(Math.min(from, buffer.limit())).slice();
        ByteBuffer target = buffer.capacity() >= bytes ? buffer : ByteBuffer.allocate(Math.max(bytes, 2 * buffer.capacity()));
        if (target == buffer) {
            buffer.compact();
        } else {
            target.put(kept);
        }
        bufferStart = offset;
        while (target.hasRemaining()) {
            if (channel.read(target, bufferStart + target.position()) < 0) {
                break;
            }
        }
        buffer = target.flip();
        return bytes <= buffer.limit();
    }
}
