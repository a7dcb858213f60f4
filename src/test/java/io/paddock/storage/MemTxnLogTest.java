package io.paddock.storage;

import static io.paddock.storage.LogTestSupport.records;
import static io.paddock.storage.LogTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemTxnLogTest {
    @Test
    void behavesLikeTheFileLog() throws IOException {
        MemTxnLog log = new MemTxnLog();
        assertThat(log.appendAndSync(records(1, 5, 3))).isEqualTo(5);
        assertThatThrownBy(() -> log.append(records(5, 1, 1))).isInstanceOf(IllegalStateException.class);
        log.append(records(6, 2, 3));
        assertThat(log.lastZxid()).isEqualTo(7);
        assertThat(log.lastSyncedZxid()).isEqualTo(5);
        log.truncateAfter(6);
        assertThat(replayAll(log)).isEqualTo(records(1, 6, 3));
        assertThat(log.purgeSegmentsBefore(3)).isEqualTo(3);
        assertThat(log.firstZxid()).isEqualTo(4);
        assertThat(log.purgeSegmentsBefore(100)).isEqualTo(2); // keeps the newest
        assertThat(replayAll(log)).isEqualTo(records(6, 1, 3));
    }

    @Test
    void crashLosesUnsyncedRecords() throws IOException {
        MemTxnLog log = new MemTxnLog();
        log.appendAndSync(records(1, 2, 1));
        log.append(records(3, 2, 1));
        log.loseUnsynced();
        assertThat(log.lastZxid()).isEqualTo(2);
        assertThat(replayAll(log)).isEqualTo(records(1, 2, 1));
    }

    @Test
    void failedSyncIsPermanent() throws IOException {
        MemTxnLog log = new MemTxnLog();
        log.failNextSync(new IOException("EIO"));
        assertThatThrownBy(() -> log.appendAndSync(records(1, 1, 1))).hasMessage("EIO");
        assertThat(log.failed()).isTrue();
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> log.append(records(2, 1, 1))).isInstanceOf(IOException.class);
        assertThat(log.lastSyncedZxid()).isZero();
    }
}
