package io.paddock.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable sequence of {@link LogRecord}s of one node, ordered by strictly increasing zxid.
 * {@link TxnLog} keeps it in segment files; {@link MemTxnLog} is the in-memory twin for the
 * simulator and tests.
 *
 * <p>Threading: blocking; the caller serialises calls (in the node, one worker at a time via
 * ordered {@code executeBlocking}). Implementations are not thread-safe.
 *
 * <p>Errors: a zxid that does not increase is a programmer error ({@link IllegalStateException}).
 * An {@link IOException} from {@link #append} or {@link #sync} leaves the log failed: every later
 * append or sync throws at once, because a failed fsync can never be retried into success. The
 * node halts on it.
 */
public interface TxnLogStore extends Closeable {
    /**
     * Writes the records after the current last one, without waiting for the disk. Each zxid
     * must be greater than the one before it, and the first greater than {@link #lastZxid()}.
     */
    void append(List<LogRecord> records) throws IOException;

    /** Makes every appended record durable; afterwards {@link #lastSyncedZxid()} equals {@link #lastZxid()}. */
    void sync() throws IOException;

    /** {@link #append} then {@link #sync}: the group-commit call. Returns the last synced zxid. */
    default long appendAndSync(List<LogRecord> records) throws IOException {
        append(records);
        sync();
        return lastSyncedZxid();
    }

    /** Zxid of the last appended record, 0 if the log is empty. */
    long lastZxid();

    /** Zxid of the last record known durable, 0 if none. */
    long lastSyncedZxid();

    /** Zxid of the oldest record still kept, 0 if the log is empty. */
    long firstZxid();

    /** Passes every record with a zxid greater than {@code afterZxid}, in zxid order. */
    void replay(long afterZxid, Consumer<? super LogRecord> consumer) throws IOException;

    /** Drops every record with a zxid greater than {@code zxid} (a leader's TRUNC), durably. */
    void truncateAfter(long zxid) throws IOException;

    /**
     * Drops old records that are all at or below {@code zxid}, keeping every record above it and
     * the newest record. May keep more than asked (a file log drops whole segments only).
     * Returns how many units (segments or records) were dropped.
     */
    int purgeSegmentsBefore(long zxid) throws IOException;

    /** True once an append or sync failed; see the interface Javadoc. */
    boolean failed();

    /** Releases files. Does not sync: call {@link #sync()} first if that is wanted. */
    @Override
    void close() throws IOException;
}
