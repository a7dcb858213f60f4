package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The in-memory twin of {@link TxnLog}, for the simulator and tests: same contract, no files.
 * {@link #loseUnsynced()} models a crash that loses what was appended but not synced, and
 * {@link #failNextSync(IOException)} models a failed fsync.
 *
 * <p>Threading: not thread-safe; the caller serialises calls (the simulator runs on one thread).
 *
 * <p>Invariants: {@code records} is sorted by strictly increasing zxid; {@code syncedCount <=
 * records.size()}; once failed, appends and syncs throw.
 */
public final class MemTxnLog implements TxnLogStore {
    private final List<LogRecord> records = new ArrayList<>();
    /** How many leading records are durable. */
    private int syncedCount;
    /** Zxid of the newest record ever kept; survives purge, reset by truncate. */
    private long lastZxid;
    private IOException failure;
    private IOException nextSyncFailure;
    private boolean closed;

    @Override
    public void append(List<LogRecord> batch) throws IOException {
        checkWritable();
        long previous = lastZxid;
        for (LogRecord record : batch) {
            Check.that(record.zxid() > previous, "zxid 0x%x not after 0x%x", record.zxid(), previous);
            previous = record.zxid();
        }
        records.addAll(batch);
        lastZxid = previous;
    }

    @Override
    public void sync() throws IOException {
        checkWritable();
        if (nextSyncFailure != null) {
            failure = nextSyncFailure;
            nextSyncFailure = null;
            throw failure;
        }
        syncedCount = records.size();
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    @Override
    public long lastSyncedZxid() {
        if (syncedCount == records.size()) return lastZxid;
        return syncedCount == 0 ? 0 : records.get(syncedCount - 1).zxid();
    }

    @Override
    public long firstZxid() {
        return records.isEmpty() ? 0 : records.get(0).zxid();
    }

    @Override
    public void replay(long afterZxid, Consumer<? super LogRecord> consumer) {
        Check.that(!closed, "replay on a closed log");
        for (LogRecord record : List.copyOf(records)) {
            if (record.zxid() > afterZxid) consumer.accept(record);
        }
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        checkWritable();
        Check.that(zxid >= 0, "truncate after negative zxid %d", zxid);
        while (!records.isEmpty() && records.get(records.size() - 1).zxid() > zxid) {
            records.remove(records.size() - 1);
        }
        syncedCount = Math.min(syncedCount, records.size());
        lastZxid = records.isEmpty() ? 0 : records.get(records.size() - 1).zxid();
    }

    /** Drops records at or below {@code zxid}, always keeping the newest record. */
    @Override
    public int purgeSegmentsBefore(long zxid) {
        Check.that(!closed, "purge on a closed log");
        int drop = 0;
        while (drop < records.size() - 1 && records.get(drop).zxid() <= zxid) drop++;
        records.subList(0, drop).clear();
        syncedCount = Math.max(0, syncedCount - drop);
        return drop;
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A crash: records appended after the last sync are gone, and the log is usable again. */
    public void loseUnsynced() {
        records.subList(syncedCount, records.size()).clear();
        lastZxid = records.isEmpty() ? 0 : records.get(records.size() - 1).zxid();
        failure = null;
        closed = false;
    }

    /** The next {@link #sync()} throws {@code e} and leaves the log failed. */
    public void failNextSync(IOException e) {
        nextSyncFailure = e;
    }

    private void checkWritable() throws IOException {
        Check.that(!closed, "use of a closed log");
        if (failure != null) throw new IOException("txn log failed earlier; restart to recover", failure);
    }
}
