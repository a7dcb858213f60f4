package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads back the records of a segment that recovery (or this process) already validated, and
 * checks them again: a CRC or zxid-order failure here means the disk changed under us, reported
 * as {@link CorruptLogException}. This is the read half of the paired checks (the write half is
 * in {@link LogFormat#putRecord} and {@link TxnLog}'s zxid check).
 *
 * <p>Stateless; runs on the caller's worker thread. Reads the segment's valid bytes into memory.
 */
final class SegmentReader {
    /** Where a segment would end if cut after a zxid. */
    record Position(long endOffset, long lastZxid, long recordCount) {}

    private SegmentReader() {}

    /** Passes every record of {@code segment} with a zxid above {@code afterZxid}, in order. */
    static void forEach(Segment segment, long afterZxid, CRC32C crc, Consumer<? super LogRecord> consumer)
            throws IOException {
        ByteBuffer buffer = LogFormat.read(segment.path, segment.endOffset);
        int offset = LogFormat.HEADER_BYTES;
        long previous = 0;
        long count = 0;
        while (offset < segment.endOffset) {
            long zxid = checkRecord(segment, buffer, offset, previous, crc);
            int bodyBytes = buffer.getInt(offset);
            if (zxid > afterZxid) {
                consumer.accept(LogFormat.recordAt(buffer, offset));
            }
            previous = zxid;
            count++;
            offset += LogFormat.RECORD_PREFIX_BYTES + bodyBytes;
        }
        Check.that(count == segment.recordCount, "read %d records, expected %d", count, segment.recordCount);
        Check.that(previous == segment.lastZxid, "last zxid read 0x%x, expected 0x%x", previous, segment.lastZxid);
    }

    /** The end of the last record with a zxid at or below {@code zxid}. */
    static Position positionAfter(Segment segment, long zxid, CRC32C crc) throws IOException {
        ByteBuffer buffer = LogFormat.read(segment.path, segment.endOffset);
        int offset = LogFormat.HEADER_BYTES;
        long previous = 0;
        long count = 0;
        while (offset < segment.endOffset) {
            long recordZxid = checkRecord(segment, buffer, offset, previous, crc);
            if (recordZxid > zxid) break;
            previous = recordZxid;
            count++;
            offset += LogFormat.RECORD_PREFIX_BYTES + buffer.getInt(offset);
        }
        return new Position(offset, previous, count);
    }

    /** Returns the zxid of the valid record at {@code offset}, or throws. */
    private static long checkRecord(Segment segment, ByteBuffer buffer, int offset, long previous, CRC32C crc)
            throws CorruptLogException {
        if (!LogFormat.isValidRecordAt(buffer, offset, buffer.limit(), previous, crc)) {
            throw new CorruptLogException(segment.path, offset, "record changed on disk since it was validated");
        }
        long zxid = buffer.getLong(offset + LogFormat.RECORD_PREFIX_BYTES);
        if (previous == 0 && zxid != segment.firstZxid) {
            throw new CorruptLogException(segment.path, offset, "first zxid does not match the file name");
        }
        return zxid;
    }
}
