package io.paddock.storage;

import static io.paddock.storage.LogTestSupport.EPOCH_ONE;
import static io.paddock.storage.LogTestSupport.onlySegment;
import static io.paddock.storage.LogTestSupport.recordBytes;
import static io.paddock.storage.LogTestSupport.records;
import static io.paddock.storage.LogTestSupport.replayAfter;
import static io.paddock.storage.LogTestSupport.replayAll;
import static io.paddock.storage.LogTestSupport.smallOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnLogTest {
    @TempDir
    Path dir;

    @Test
    void emptyDirectoryIsAnEmptyLog() throws IOException {
        try (TxnLog log = TxnLog.open(dir.resolve("new"), smallOptions())) {
            assertThat(log.lastZxid()).isZero();
            assertThat(log.firstZxid()).isZero();
            assertThat(log.recoveryWarnings()).isEmpty();
            assertThat(replayAll(log)).isEmpty();
            assertThat(log.appendAndSync(List.of())).isZero();
        }
        assertThat(dir.resolve("new")).isEmptyDirectory();
    }

    @Test
    void roundTripAcrossReopen() throws IOException {
        List<LogRecord> written = new ArrayList<>();
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            for (int batch = 0; batch < 10; batch++) {
                List<LogRecord> records = records(EPOCH_ONE + 1 + batch * 7L, 7, 100 + batch);
                assertThat(log.appendAndSync(records)).isEqualTo(records.get(6).zxid());
                written.addAll(records);
            }
            assertThat(log.lastSyncedZxid()).isEqualTo(EPOCH_ONE + 70);
            assertThat(replayAll(log)).isEqualTo(written);
        }
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            assertThat(log.recoveryWarnings()).isEmpty();
            assertThat(log.lastZxid()).isEqualTo(EPOCH_ONE + 70);
            assertThat(log.firstZxid()).isEqualTo(EPOCH_ONE + 1);
            assertThat(replayAll(log)).isEqualTo(written);
            assertThat(replayAfter(log, EPOCH_ONE + 65)).isEqualTo(written.subList(65, 70));
            log.appendAndSync(records(EPOCH_ONE + 71, 1, 3));
        }
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            assertThat(replayAll(log)).hasSize(71);
            assertThat(log.lastZxid()).isEqualTo(EPOCH_ONE + 71);
        }
    }

    @Test
    void packedRecordsAppendTheSameRecordsAndBytesAsRecordLists() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 512, true);
        List<LogRecord> written = records(1, 40, 100); // several segments, batches spanning rolls
        List<List<LogRecord>> batches = List.of(written.subList(0, 3), written.subList(3, 4), written.subList(4, 40));
        Path lists = dir.resolve("lists");
        Path packed = dir.resolve("packed");
        try (TxnLog a = TxnLog.open(lists, options); TxnLog b = TxnLog.open(packed, options)) {
            PackedRecords batch = new PackedRecords();
            for (List<LogRecord> records : batches) {
                a.appendAndSync(records);
                batch.clear();
                byte[] payloads = new byte[records.stream().mapToInt(r -> r.payload().length).sum()];
                int end = 0;
                for (LogRecord record : records) {
                    System.arraycopy(record.payload(), 0, payloads, end, record.payload().length);
                    end += record.payload().length;
                    batch.add(record.zxid(), record.type(), end);
                }
                batch.bytes(payloads);
                b.append(batch);
                b.sync();
            }
            assertThat(b.lastSyncedZxid()).isEqualTo(40);
            assertThat(replayAll(b)).isEqualTo(written);
            assertThat(b.segmentFiles()).hasSameSizeAs(a.segmentFiles()).hasSizeGreaterThan(2);
            for (int i = 0; i < a.segmentFiles().size(); i++) {
                assertThat(b.segmentFiles().get(i).getFileName()).isEqualTo(a.segmentFiles().get(i).getFileName());
                assertThat(Files.readAllBytes(b.segmentFiles().get(i))).isEqualTo(Files.readAllBytes(a.segmentFiles().get(i)));
            }
            PackedRecords stale = new PackedRecords();
            stale.add(40, (byte) 1, 0);
            stale.bytes(new byte[0]);
            assertThatThrownBy(() -> b.append(stale)).hasMessageContaining("not after");
        }
        try (TxnLog reopened = TxnLog.open(packed, options)) {
            assertThat(reopened.recoveryWarnings()).isEmpty();
            assertThat(replayAll(reopened)).isEqualTo(written);
        }
    }

    @Test
    void segmentFileIsNamedByFirstZxidAndPreallocated() throws IOException {
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            log.appendAndSync(records(EPOCH_ONE + 1, 1, 10));
            Path file = onlySegment(log);
            assertThat(file.getFileName()).hasToString("log.0000000100000001");
            assertThat(Files.size(file)).isGreaterThanOrEqualTo(16 << 10);
        }
    }

    @Test
    void rollsBySizeAndReopensAcrossSegments() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 512, true);
        List<LogRecord> written = records(1, 40, 100); // 117 bytes each: 8 per segment
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(written.subList(0, 3));
            log.appendAndSync(written.subList(3, 40)); // one batch spanning several segments
            assertThat(log.segmentFiles()).hasSize(5);
        }
        List<Path> listed;
        try (Stream<Path> files = Files.list(dir)) {
            listed = files.sorted().toList();
        }
        assertThat(listed).extracting(p -> p.getFileName().toString()).containsExactly(
                "log.0000000000000001", "log.0000000000000009", "log.0000000000000011",
                "log.0000000000000019", "log.0000000000000021");
        for (Path file : listed) assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.segmentFiles()).isEqualTo(listed);
            assertThat(replayAll(log)).isEqualTo(written);
            assertThat(replayAfter(log, 20)).isEqualTo(written.subList(20, 40));
        }
    }

    @Test
    void recordLargerThanSegmentGetsItsOwnSegment() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 0, true);
        List<LogRecord> written = new ArrayList<>(records(1, 2, 10));
        written.addAll(records(3, 1, 5000));
        written.addAll(records(4, 1, 10));
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(written);
            assertThat(log.segmentFiles()).hasSize(3);
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(replayAll(log)).isEqualTo(written);
        }
    }

    @Test
    void zxidsMustIncrease() throws IOException {
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            log.appendAndSync(records(10, 1, 1));
            assertThatThrownBy(() -> log.append(records(10, 1, 1))).isInstanceOf(IllegalStateException.class);
            List<LogRecord> backwards = List.of(records(12, 1, 1).get(0), records(11, 1, 1).get(0));
            assertThatThrownBy(() -> log.append(backwards)).isInstanceOf(IllegalStateException.class);
            assertThat(log.failed()).isFalse();
            assertThat(log.lastZxid()).isEqualTo(10);
            log.appendAndSync(records(11, 1, 1));
            assertThat(replayAll(log)).extracting(LogRecord::zxid).containsExactly(10L, 11L);
        }
    }

    @Test
    void failedFsyncLeavesTheLogFailed() throws IOException {
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            log.appendAndSync(records(1, 2, 10));
            log.failNextForce(new IOException("injected EIO"));
            assertThatThrownBy(() -> log.appendAndSync(records(3, 1, 10))).hasMessage("injected EIO");
            assertThat(log.failed()).isTrue();
            assertThat(log.lastSyncedZxid()).isEqualTo(2);
            // the hook is spent: a retry would succeed if the log allowed one, so these prove it does not
            assertThatThrownBy(() -> log.sync()).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
            assertThatThrownBy(() -> log.append(records(4, 1, 10))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> log.truncateAfter(1)).isInstanceOf(IOException.class);
            assertThat(log.lastSyncedZxid()).isEqualTo(2);
        }
    }

    @Test
    void failedSegmentCreationRejectsTheBatchButKeepsTheLogUsable() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 0, true);
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 8, 100));
            Files.createDirectory(dir.resolve(LogFormat.fileName(9))); // the next segment's name is taken
            // A batch that starts in the old segment and needs a new one: all of it is taken back.
            assertThatThrownBy(() -> log.appendAndSync(records(9, 1, 100))).isInstanceOf(LogSpaceException.class);
            assertThat(log.failed()).isFalse();
            assertThat(log.lastZxid()).isEqualTo(8);
            Files.delete(dir.resolve(LogFormat.fileName(9)));
            assertThat(log.appendAndSync(records(9, 1, 100))).isEqualTo(9);
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.lastZxid()).isEqualTo(9);
        }
    }

    @Test
    void aPreparedSpareBecomesTheNextSegment() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 1024, true);
        List<LogRecord> written = new ArrayList<>();
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 6, 100));
            written.addAll(records(1, 6, 100));
            assertThat(log.wantsSpare()).isTrue();
            log.prepareSpare();
            assertThat(log.wantsSpare()).isFalse();
            assertThat(dir.resolve(TxnLog.SPARE_NAME)).exists();
            log.appendAndSync(records(7, 6, 100)); // rolls at zxid 9
            written.addAll(records(7, 6, 100));
            assertThat(dir.resolve(TxnLog.SPARE_NAME)).doesNotExist();
            assertThat(log.segmentFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly(LogFormat.fileName(1), LogFormat.fileName(9));
        }
        Files.writeString(dir.resolve(TxnLog.SPARE_NAME), "stale");
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(dir.resolve(TxnLog.SPARE_NAME)).as("a stale spare is removed at open").doesNotExist();
            List<LogRecord> replayed = new ArrayList<>();
            log.replay(0, replayed::add);
            assertThat(replayed).containsExactlyElementsOf(written);
        }
    }

    @Test
    void batchSpanningAFailedRollIsUndoneWholly() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 0, true);
        List<LogRecord> kept = new ArrayList<>();
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 4, 100));
            kept.addAll(records(1, 4, 100));
            Files.createDirectory(dir.resolve(LogFormat.fileName(9)));
            // Records 5..8 fit in the first segment and are written there before the roll fails.
            assertThatThrownBy(() -> log.appendAndSync(records(5, 8, 100))).isInstanceOf(LogSpaceException.class);
            assertThat(log.lastZxid()).isEqualTo(4);
            Files.delete(dir.resolve(LogFormat.fileName(9)));
            log.appendAndSync(records(20, 2, 100));
            kept.addAll(records(20, 2, 100));
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            List<LogRecord> replayed = new ArrayList<>();
            log.replay(0, replayed::add);
            assertThat(replayed).containsExactlyElementsOf(kept);
        }
    }

    @Test
    void truncateAfterAcrossSegments() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 512, true);
        List<LogRecord> written = records(1, 40, 100);
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(written);
            log.truncateAfter(12);
            assertThat(log.lastZxid()).isEqualTo(12);
            assertThat(log.segmentFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly("log.0000000000000001", "log.0000000000000009");
            assertThat(replayAll(log)).isEqualTo(written.subList(0, 12));
            log.appendAndSync(records(13, 3, 50));
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.recoveryWarnings()).isEmpty();
            List<LogRecord> expected = new ArrayList<>(written.subList(0, 12));
            expected.addAll(records(13, 3, 50));
            assertThat(replayAll(log)).isEqualTo(expected);
            log.truncateAfter(8); // exactly the last record of the first segment
            assertThat(log.segmentFiles()).hasSize(1);
            assertThat(replayAll(log)).isEqualTo(written.subList(0, 8));
            log.truncateAfter(0);
            assertThat(log.lastZxid()).isZero();
            assertThat(log.segmentFiles()).isEmpty();
            log.appendAndSync(records(5, 1, 1));
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(replayAll(log)).isEqualTo(records(5, 1, 1));
        }
    }

    @Test
    void purgeKeepsTheSegmentHoldingTheNextZxid() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 1024, 0, true);
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 40, 100)); // segments start at 1, 9, 17, 25, 33
            assertThat(log.segmentsBefore(7)).isEmpty(); // log.1 holds 8
            assertThat(log.segmentsBefore(16)).hasSize(2);
            assertThat(log.purgeSegmentsBefore(15)).isEqualTo(1); // log.9 holds 16
            assertThat(Files.exists(dir.resolve(LogFormat.fileName(1)))).isFalse();
            assertThat(log.firstZxid()).isEqualTo(9);
            assertThat(log.purgeSegmentsBefore(1000)).isEqualTo(3); // never the newest
            assertThat(replayAll(log)).isEqualTo(records(33, 8, 100));
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.firstZxid()).isEqualTo(33);
            assertThat(replayAll(log)).isEqualTo(records(33, 8, 100));
        }
    }

    @Test
    void forceSyncOffStillRoundTrips() throws IOException {
        TxnLogOptions options = smallOptions().withForceSync(false);
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.appendAndSync(records(1, 5, 10))).isEqualTo(5);
        }
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(replayAll(log)).isEqualTo(records(1, 5, 10));
        }
    }

    @Test
    void headerCarriesEpochAndServerId() throws IOException {
        try (TxnLog log = TxnLog.open(dir, smallOptions())) {
            log.appendAndSync(records((7L << 32) + 1, 1, 1));
        }
        try (TxnLog log = TxnLog.open(dir, new TxnLogOptions(2, 64 << 10, 0, true))) {
            assertThat(log.recoveryWarnings()).singleElement().asString().contains("server 1");
            assertThat(replayAll(log)).hasSize(1);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("log.0000000700000001"));
        assertThat(java.nio.ByteBuffer.wrap(bytes).getLong(16)).isEqualTo(7);
        assertThat(recordBytes(0)).isEqualTo(17);
    }
}
