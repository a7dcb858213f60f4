package io.paddock.node;

import io.paddock.model.TxnEntry;
import io.paddock.storage.TxnLog;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads and decodes the txn log records after a zxid on the thread that opened the log, ahead
 * of the recovery thread that applies them: the reading, CRC checks and decoding of a replay run
 * while the snapshot loads and beside the apply, instead of before each apply.
 *
 * <p>Hand-over through a bounded queue of batches ({@link #CAPACITY_BATCHES} of
 * {@link #BATCH} entries, so at most about 64k decoded txns wait in memory); the producer blocks
 * when it is full. The producer owns the log until {@link #drain} or {@link #cancel} returns;
 * then it is the caller's again.
 */
final class DecodeAhead {
    static final int BATCH = 256;
    static final int CAPACITY_BATCHES = 256;

    /** What the producer hands over: entries, then one end marker or failure. */
    private record Item(List<TxnEntry> entries, Throwable failure, boolean end) {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY_BATCHES);
    private final long afterZxid;
    private volatile boolean cancelled;
    /** Producer side: the batch being filled. */
    private List<TxnEntry> batch = new ArrayList<>(BATCH);

    DecodeAhead(long afterZxid) {
        this.afterZxid = afterZxid;
    }

    long afterZxid() {
        return afterZxid;
    }

    /** Producer side: hands over a failure to open the log, so that the consumer does not wait for entries. */
    void fail(Exception cause) {
        try {
            put(new Item(List.of(), cause, true));
        } catch (CancelledException e) {
            // nobody is waiting
        }
    }

    /** Producer side: runs the replay of the log into the queue; never throws (a failure is handed over). */
    void produce(TxnLog log) {
        try {
            log.replay(afterZxid, record -> {
                if (cancelled) {
                    throw new CancelledException();
                }
                batch.add(TxnCodec.decode(record.payload()));
                if (batch.size() == BATCH) {
                    put(new Item(batch, null, false));
                    batch = new ArrayList<>(BATCH);
                }
            });
            put(new Item(batch, null, false));
            put(new Item(List.of(), null, true));
        } catch (CancelledException e) {
            // the consumer no longer wants the entries
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Consumer side: passes every decoded entry, in log order, to {@code apply}; rethrows a
     * failure of the producer (IOException as is, anything else unchecked). Returns once the
     * producer has handed over its end.
     */
    void drain(Consumer<TxnEntry> apply) throws IOException {
        while (true) {
            Item item = take();
            item.entries().forEach(apply);
            if (item.end()) {
                if (item.failure() instanceof IOException io) {
                    throw io;
                }
                if (item.failure() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                return;
            }
        }
    }

    /** Stops the producer at its next record and discards what it decoded. */
    void cancel() {
        cancelled = true;
        queue.clear();
    }

    private void put(Item item) {
        try {
            while (!cancelled) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            throw new CancelledException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while decoding the txn log ahead", e));
        }
    }

    private Item take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while replaying the txn log", e);
        }
    }

    private static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super(null, null, false, false);
        }
    }
}
