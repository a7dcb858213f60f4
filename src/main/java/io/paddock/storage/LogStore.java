package io.paddock.storage;

import io.paddock.model.TxnEntry;
import java.io.IOException;
import java.util.List;

/**
 * A node's durable log of {@link TxnEntry}s as the replication shell uses it: append a batch
 * and make it durable in one call (group commit), drop a suffix (a leader's TRUNC), start over
 * after a snapshot installed from the leader (SNAP). {@link DurableLog} keeps it in
 * {@link TxnLog} segment files; {@link MemLogStore} is the in-memory twin the simulator and
 * fast tests use.
 *
 * <p>Threading: blocking; the caller serialises calls (one worker at a time). Errors: an
 * {@link IOException} leaves the store failed (every later write throws); {@link LogSpaceException}
 * from {@link #appendAndSync} means the batch was not written at all and the store is usable.
 */
public interface LogStore extends AutoCloseable {
    /** Appends the batch (zxids increasing, after {@link #lastZxid()}) and syncs; returns the last synced zxid. */
    long appendAndSync(List<TxnEntry> batch) throws IOException;

    /** Durably drops every entry with a zxid greater than {@code zxid}. */
    void truncateAfter(long zxid) throws IOException;

    /** Zxid of the last entry, 0 when empty. */
    long lastZxid();

    @Override
    void close() throws IOException;
}
