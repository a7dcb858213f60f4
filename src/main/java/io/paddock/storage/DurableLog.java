package io.paddock.storage;

import io.paddock.model.TxnEntry;
import io.paddock.wire.TxnCodec;
import io.paddock.wire.jute.JuteWriter;
import java.io.IOException;
import java.util.List;

/**
 * The {@link LogStore} kept in {@link TxnLog} segment files: encodes entries and appends them
 * with one fsync per batch. Every method blocks and runs on a worker thread, one call at a time
 * (executeBlocking with ordered=true from a single context). Purging runs from another
 * verticle's worker, so the two methods that touch the segment list are synchronized.
 */
public final class DurableLog implements LogStore {
    private final TxnLog log;
    /**
     * Every entry of a batch is encoded into this one writer, back to back, and appended from
     * it: no array per record. Reused (appends run one at a time); a rare huge batch's array is
     * dropped afterwards.
     */
    private final JuteWriter encoder = new JuteWriter(64 << 10);
    private final PackedRecords packed = new PackedRecords();
    private static final int ENCODER_BYTES_RETAINED = 4 << 20;
    /** Bytes appended since start (payload + framing); written by the appending worker, read on the event loop. */
    private volatile long bytesAppended;
    /** Set by the appending worker, read on the event loop. */
    private volatile boolean spareWanted;

    public DurableLog(TxnLog log) {
        this.log = log;
    }

    /** Appends the batch and makes it durable; returns the last zxid of the batch. */
    @Override
    public long appendAndSync(List<TxnEntry> batch) throws IOException {
        encoder.reset(ENCODER_BYTES_RETAINED);
        packed.clear();
        for (TxnEntry entry : batch) {
            TxnCodec.encode(encoder, entry);
            packed.add(entry.zxid(), (byte) entry.txn().type(), encoder.size());
        }
        packed.bytes(encoder.array());
        synchronized (this) {
            log.append(packed);
            log.sync();
            bytesAppended += packed.encodedBytes();
            spareWanted = log.wantsSpare();
            return log.lastSyncedZxid();
        }
    }

    /** True when the last append found the newest segment half full with no spare file ready. */
    public boolean spareWanted() {
        return spareWanted;
    }

    /**
     * Prepares the next segment's file (zero-filled, synced) off the append path; runs on a
     * worker of its own beside appends (storage.TxnLog.prepareSpare is safe for that).
     */
    public void prepareSpare() throws IOException {
        spareWanted = false;
        log.prepareSpare();
    }

    /** Log bytes appended since this node started; compared by the snapshot trigger. */
    public long bytesAppended() {
        return bytesAppended;
    }

    /** Deletes log segments whose records are all at or below {@code zxid} (never the newest). */
    public synchronized int purgeSegmentsBefore(long zxid) throws IOException {
        return log.purgeSegmentsBefore(zxid);
    }

    @Override
    public synchronized void truncateAfter(long zxid) throws IOException {
        log.truncateAfter(zxid);
    }

    @Override
    public long lastZxid() {
        return log.lastZxid();
    }

    public TxnLog log() {
        return log;
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
