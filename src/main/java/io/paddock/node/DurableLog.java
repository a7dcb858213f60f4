package io.paddock.node;

import io.paddock.model.TxnEntry;
import io.paddock.storage.LogRecord;
import io.paddock.storage.TxnLog;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The txn log as the replication verticle uses it: encodes entries and appends them with one
 * fsync per batch. Every method blocks and runs on a worker thread, one call at a time
 * (executeBlocking with ordered=true from a single context).
 */
public final class DurableLog implements AutoCloseable {
    private final TxnLog log;

    public DurableLog(TxnLog log) {
        this.log = log;
    }

    /** Appends the batch and makes it durable; returns the last zxid of the batch. */
    public long appendAndSync(List<TxnEntry> batch) throws IOException {
        List<LogRecord> records = new ArrayList<>(batch.size());
        for (TxnEntry entry : batch) {
            records.add(new LogRecord(entry.zxid(), (byte) entry.txn().type(), TxnCodec.encode(entry)));
        }
        return log.appendAndSync(records);
    }

    public TxnLog log() {
        return log;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
