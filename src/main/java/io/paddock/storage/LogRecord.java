package io.paddock.storage;

import io.paddock.model.Check;
import java.util.Arrays;

/**
 * One entry of the transaction log: a zxid, a type tag and an opaque payload (the txn encoding
 * lives in {@code wire}; storage never looks inside it).
 *
 * <p>Ownership: the {@code payload} array is owned by this record. Whoever builds a record hands
 * the array over and never mutates it afterwards, and nobody mutates the array returned by
 * {@link #payload()}. That is what lets records travel between threads and verticles without
 * copies. Equality compares payload contents.
 *
 * <p>Invariant: {@code zxid > 0}; {@code payload.length <= PAYLOAD_BYTES_MAX}.
 */
public record LogRecord(long zxid, byte type, byte[] payload) {
    /** The largest payload the log accepts; larger ones are a programmer error. */
    public static final int PAYLOAD_BYTES_MAX = 64 << 20;

    public LogRecord {
        Check.that(zxid > 0, "zxid must be positive: %d", zxid);
        Check.that(payload != null, "payload must not be null");
        Check.that(payload.length <= PAYLOAD_BYTES_MAX, "payload too large: %d bytes", payload.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord that
                && zxid == that.zxid
                && type == that.type
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(zxid) + type) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[zxid=0x" + Long.toHexString(zxid) + ", type=" + type
                + ", payload=" + payload.length + " bytes]";
    }
}
