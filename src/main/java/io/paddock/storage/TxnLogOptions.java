package io.paddock.storage;

import io.paddock.model.Check;
/**
 * Settings of a {@link TxnLog}. Immutable.
 *
 * @param serverId written into every segment header, and compared (with a warning only) on open
 * @param segmentBytesMax roll to a new segment before a record would take the current one past
 *     this size; a segment is larger only if a single record is
 * @param preallocateBytes zero-fill new segments (and grow them) in steps of this many bytes, so
 *     that an append overwrites allocated blocks and its fdatasync writes no file metadata; 0
 *     disables preallocation
 * @param forceSync if false, no fsync is ever issued (not for records, not for new segments, not
 *     for directories). DANGER: then {@code sync()} only records that the caller asked, an
 *     acknowledged txn can vanish on power loss, and the torn-tail/corruption rules of recovery no
 *     longer hold (a crash can leave damage that looks like corruption). Tests and benchmarks only.
 */
public record TxnLogOptions(int serverId, long segmentBytesMax, long preallocateBytes, boolean forceSync) {
    /** Segments are read whole into memory during recovery and replay, so keep them bounded. */
    public static final long SEGMENT_BYTES_MAX_LIMIT = 1L << 30;
    public static final long SEGMENT_BYTES_MAX_DEFAULT = 64L << 20;
    public static final long PREALLOCATE_BYTES_DEFAULT = 16L << 20;

    public TxnLogOptions {
        Check.that(serverId >= 0, "serverId must not be negative: %d", serverId);
        Check.that(segmentBytesMax >= 64, "segmentBytesMax too small: %d", segmentBytesMax);
        Check.that(segmentBytesMax <= SEGMENT_BYTES_MAX_LIMIT, "segmentBytesMax too large: %d", segmentBytesMax);
        Check.that(preallocateBytes >= 0, "preallocateBytes must not be negative: %d", preallocateBytes);
    }

    public static TxnLogOptions defaults(int serverId) {
        return new TxnLogOptions(serverId, SEGMENT_BYTES_MAX_DEFAULT, PREALLOCATE_BYTES_DEFAULT, true);
    }

    public TxnLogOptions withSegmentBytesMax(long bytes) {
        return new TxnLogOptions(serverId, bytes, preallocateBytes, forceSync);
    }

    public TxnLogOptions withPreallocateBytes(long bytes) {
        return new TxnLogOptions(serverId, segmentBytesMax, bytes, forceSync);
    }

    public TxnLogOptions withForceSync(boolean force) {
        return new TxnLogOptions(serverId, segmentBytesMax, preallocateBytes, force);
    }
}
