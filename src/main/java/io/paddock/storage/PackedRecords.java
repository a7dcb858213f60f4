package io.paddock.storage;

import io.paddock.model.Check;
import java.util.Arrays;

/**
 * A batch of log records whose payloads lie back to back in one array owned by the caller, so
 * that an append needs no payload array per record (a {@link RecordBatch}): record {@code i}'s payload is
 * {@code bytes[end(i - 1), end(i))} (from 0 for the first). Reused batch after batch by its one
 * writer ({@link DurableLog}); the array is read by {@link TxnLog#append(PackedRecords)} during
 * that call only. Not thread-safe.
 *
 * <p>Invariants: {@code 0 <= count}; {@code ends} is non-decreasing; each payload is at most
 * {@link LogRecord#PAYLOAD_BYTES_MAX} bytes; zxids are positive.
 */
public final class PackedRecords implements RecordBatch {
    private long[] zxids = new long[64];
    private byte[] types = new byte[64];
    private int[] ends = new int[64];
    private int count;
    private byte[] bytes = new byte[0];

    /** Forgets every record (the arrays are kept). */
    public void clear() {
        count = 0;
    }

    /** The payload array the records' ends index into; set after the payloads are written. */
    public void bytes(byte[] payloads) {
        this.bytes = payloads;
    }

    /** Adds a record whose payload ends at {@code end} in the payload array. */
    public void add(long zxid, byte type, int end) {
        int start = count == 0 ? 0 : ends[count - 1];
        Check.that(zxid > 0, "zxid must be positive: %d", zxid);
        Check.that(end >= start && end - start <= LogRecord.PAYLOAD_BYTES_MAX, "payload of %d bytes", end - start);
        if (count == zxids.length) {
            zxids = Arrays.copyOf(zxids, count * 2);
            types = Arrays.copyOf(types, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        zxids[count] = zxid;
        types[count] = type;
        ends[count] = end;
        count++;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public long zxid(int i) {
        return zxids[i];
    }

    @Override
    public byte type(int i) {
        return types[i];
    }

    @Override
    public byte[] payloadArray(int i) {
        return bytes;
    }

    @Override
    public int offset(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    @Override
    public int length(int i) {
        return ends[i] - offset(i);
    }

    /** The payload bytes of every record plus the framing the log adds to each. */
    long encodedBytes() {
        return (count == 0 ? 0 : ends[count - 1]) + (long) count * LogFormat.encodedBytes(0);
    }
}
