package io.paddock.storage;

import io.paddock.model.Check;
import java.nio.file.Path;

/**
 * What {@link TxnLog} knows about one segment file: its name-giving first zxid, and how far the
 * valid records reach. Mutable, owned by one {@code TxnLog} and touched only by the thread that
 * currently calls it.
 *
 * <p>Invariant: {@code endOffset >= HEADER_BYTES}; {@code recordCount == 0} iff
 * {@code lastZxid == 0}; if {@code recordCount > 0} the first record's zxid is {@code firstZxid}
 * and {@code lastZxid >= firstZxid}.
 */
final class Segment {
    final Path path;
    final long firstZxid;
    /** Zxid of the last valid record, 0 if none. */
    long lastZxid;
    /** Byte offset just after the last valid record: where the next record goes. */
    long endOffset;
    long recordCount;

    Segment(Path path, long firstZxid, long lastZxid, long endOffset, long recordCount) {
        Check.that(endOffset >= LogFormat.HEADER_BYTES, "segment end %d inside header", endOffset);
        Check.that((recordCount == 0) == (lastZxid == 0), "record count %d vs last zxid %d",
                recordCount, lastZxid);
        this.path = path;
        this.firstZxid = firstZxid;
        this.lastZxid = lastZxid;
        this.endOffset = endOffset;
        this.recordCount = recordCount;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[last=0x" + Long.toHexString(lastZxid) + ", end=" + endOffset
                + ", records=" + recordCount + "]";
    }
}
