package io.paddock.node;

import io.paddock.storage.DurableLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.storage.TxnLog;
import io.paddock.storage.TxnLogOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log decoded ahead on one thread and applied on another: every entry after the zxid, in
 * order, through more than the queue holds at once; a failure to open the log reaches the
 * consumer; a cancelled producer stops by itself.
 */
class DecodeAheadTest {
    private static final int ENTRIES = 3 * DecodeAhead.BATCH * DecodeAhead.CAPACITY_BATCHES / 2;
    private static final TxnLogOptions OPTIONS = new TxnLogOptions(1, 64L << 20, 1L << 20, false);

    @TempDir
    Path dir;

    @Test
    void passesEveryEntryAfterTheZxidInOrderThroughAFullQueue() throws Exception {
        writeLog(ENTRIES);
        long after = 1000;
        DecodeAhead ahead = new DecodeAhead(after);
        try (TxnLog log = TxnLog.open(dir, OPTIONS)) {
            Thread producer = new Thread(() -> ahead.produce(log));
            producer.start();
            List<Long> zxids = new ArrayList<>();
            ahead.drain(entry -> zxids.add(entry.zxid()));
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
            assertThat(zxids).hasSize(ENTRIES - (int) after);
            for (int i = 0; i < zxids.size(); i++) {
                assertThat(zxids.get(i)).isEqualTo(after + 1 + i);
            }
        }
    }

    @Test
    void aCancelledProducerStopsAndAFailureToOpenReachesTheConsumer() throws Exception {
        writeLog(ENTRIES);
        DecodeAhead ahead = new DecodeAhead(0);
        try (TxnLog log = TxnLog.open(dir, OPTIONS)) {
            Thread producer = new Thread(() -> ahead.produce(log));
            producer.start();
            ahead.cancel(); // the producer may be blocked on the full queue or still reading
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
        }

        DecodeAhead failing = new DecodeAhead(0);
        failing.fail(new java.io.IOException("txn log unreadable"));
        assertThatThrownBy(() -> failing.drain(entry -> { })).hasMessage("txn log unreadable");
    }

    private void writeLog(int entries) throws Exception {
        try (TxnLog log = TxnLog.open(dir, OPTIONS)) {
            DurableLog durable = new DurableLog(log);
            List<TxnEntry> batch = new ArrayList<>();
            for (int i = 1; i <= entries; i++) {
                batch.add(new TxnEntry(i, 1, i, 1000L + i,
                        new Txn.Create("/n" + i, new byte[8], Acl.OPEN_ACL_UNSAFE, 0)));
                if (batch.size() == 4096 || i == entries) {
                    durable.appendAndSync(batch);
                    batch = new ArrayList<>();
                }
            }
        }
    }
}
