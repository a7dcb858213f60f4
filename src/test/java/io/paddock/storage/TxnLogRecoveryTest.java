package io.paddock.storage;

import static io.paddock.storage.LogTestSupport.onlySegment;
import static io.paddock.storage.LogTestSupport.recordBytes;
import static io.paddock.storage.LogTestSupport.records;
import static io.paddock.storage.LogTestSupport.replayAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage on disk: torn tails are repaired, everything else is reported as corruption. */
class TxnLogRecoveryTest {
    private static final int PAYLOAD_BYTES = 40;
    private static final int RECORD_BYTES = recordBytes(PAYLOAD_BYTES);
    /** No fsyncs: these tests damage files by hand, and the loop below reopens hundreds of logs. */
    private static final TxnLogOptions FAST = new TxnLogOptions(1, 300, 128, false);

    @TempDir
    Path root;

    @Test
    void tornTailAtEveryOffsetOfTheLastRecord() throws IOException {
        // 4 records fit a 300-byte segment: 7 records make 2 segments, the newest holding 5..7
        List<LogRecord> written = records(1, 7, PAYLOAD_BYTES);
        int start = LogFormat.HEADER_BYTES + 2 * RECORD_BYTES;
        for (int cut = start + 1; cut < start + RECORD_BYTES; cut++) {
            for (boolean zeroFill : new boolean[] {false, true}) {
                Path dir = root.resolve("cut" + cut + (zeroFill ? "z" : "t"));
                try (TxnLog log = TxnLog.open(dir, FAST)) {
                    log.appendAndSync(written);
                }
                Path newest = dir.resolve(LogFormat.fileName(5));
                byte[] before = Files.readAllBytes(newest);
                if (zeroFill) overwriteWithZeros(newest, cut, start + RECORD_BYTES);
                else truncate(newest, cut);
                boolean partialBytesRemain = !allZero(before, start, cut);
                recoverAppendAndReopen(dir, written.subList(0, 6), partialBytesRemain);
            }
        }
    }

    private static void recoverAppendAndReopen(Path dir, List<LogRecord> survivors, boolean expectWarning)
            throws IOException {
        List<LogRecord> expected = new ArrayList<>(survivors);
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(replayAll(log)).isEqualTo(survivors);
            assertThat(log.lastZxid()).isEqualTo(6);
            if (expectWarning) {
                assertThat(log.recoveryWarnings()).singleElement().asString().contains("torn tail");
            } else {
                assertThat(log.recoveryWarnings()).isEmpty();
            }
            List<LogRecord> more = records(7, 3, 7);
            log.appendAndSync(more);
            expected.addAll(more);
        }
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(log.recoveryWarnings()).isEmpty();
            assertThat(replayAll(log)).isEqualTo(expected);
        }
    }

    @Test
    void tornTailInsideOneSegmentKeepsEarlierRecords() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 64 << 10, 4096, false);
        Path dir = root.resolve("one");
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 5, PAYLOAD_BYTES));
        }
        Path file = dir.resolve(LogFormat.fileName(1));
        int lastStart = LogFormat.HEADER_BYTES + 4 * RECORD_BYTES;
        flipBit(file, lastStart + RECORD_BYTES - 1); // bad CRC in the last record, zeros after it
        try (TxnLog log = TxnLog.open(dir, options)) {
            assertThat(log.recoveryWarnings()).singleElement().asString()
                    .contains("torn tail at offset " + lastStart);
            assertThat(replayAll(log)).isEqualTo(records(1, 4, PAYLOAD_BYTES));
        }
        assertThat(Files.size(file)).isEqualTo(lastStart);
    }

    @Test
    void bitFlipInAMiddleRecordIsCorruption() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 64 << 10, 4096, false);
        int middleStart = LogFormat.HEADER_BYTES + 2 * RECORD_BYTES;
        int[] flips = {middleStart + 2, middleStart + 5, middleStart + 10, middleStart + 20, middleStart + RECORD_BYTES - 1};
        for (int flip : flips) {
            Path dir = root.resolve("flip" + flip);
            try (TxnLog log = TxnLog.open(dir, options)) {
                log.appendAndSync(records(1, 5, PAYLOAD_BYTES));
            }
            Path file = dir.resolve(LogFormat.fileName(1));
            flipBit(file, flip);
            assertThatThrownBy(() -> TxnLog.open(dir, options))
                    .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                        assertThat(e.file()).isEqualTo(file);
                        assertThat(e.offset()).isEqualTo(middleStart);
                        assertThat(e.getMessage()).contains(file.toString()).contains("offset " + middleStart);
                    });
        }
    }

    @Test
    void zeroedLengthFollowedByValidRecordsIsCorruption() throws IOException {
        TxnLogOptions options = new TxnLogOptions(1, 64 << 10, 4096, false);
        Path dir = root.resolve("zeroed");
        try (TxnLog log = TxnLog.open(dir, options)) {
            log.appendAndSync(records(1, 5, PAYLOAD_BYTES));
        }
        Path file = dir.resolve(LogFormat.fileName(1));
        int start = LogFormat.HEADER_BYTES + RECORD_BYTES;
        overwriteWithZeros(file, start, start + RECORD_BYTES);
        assertThatThrownBy(() -> TxnLog.open(dir, options))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> assertThat(e.offset()).isEqualTo(start));
    }

    @Test
    void badLastRecordOfAnOlderSegmentIsCorruption() throws IOException {
        Path dir = root.resolve("older");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(1, 5, PAYLOAD_BYTES));
        }
        Path older = dir.resolve(LogFormat.fileName(1)); // records 1..4; log.5 follows
        int lastStart = LogFormat.HEADER_BYTES + 3 * RECORD_BYTES;
        flipBit(older, lastStart + RECORD_BYTES - 1);
        assertThatThrownBy(() -> TxnLog.open(dir, FAST))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(older);
                    assertThat(e.offset()).isEqualTo(lastStart);
                    assertThat(e.getMessage()).contains("newer");
                });
    }

    @Test
    void badHeaderOfAnEmptyNewestSegmentIsDeleted() throws IOException {
        Path dir = root.resolve("header");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(1, 2, PAYLOAD_BYTES));
        }
        Path crashed = dir.resolve(LogFormat.fileName(3));
        Files.write(crashed, new byte[] {'P', 'D', 'K', 0, 0}); // crash while writing the header
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(log.recoveryWarnings()).singleElement().asString().contains("deleted");
            assertThat(log.lastZxid()).isEqualTo(2);
            log.appendAndSync(records(3, 1, 1));
        }
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(replayAll(log)).hasSize(3);
        }
    }

    @Test
    void newestSegmentWithAValidHeaderAndNoRecordsIsDeleted() throws IOException {
        Path dir = root.resolve("norecords");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(1, 4, PAYLOAD_BYTES));
            log.appendAndSync(records(5, 1, PAYLOAD_BYTES));
        }
        Path newest = dir.resolve(LogFormat.fileName(5));
        overwriteWithZeros(newest, LogFormat.HEADER_BYTES, LogFormat.HEADER_BYTES + RECORD_BYTES);
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(log.recoveryWarnings()).anyMatch(w -> w.contains("deleted"));
            assertThat(log.segmentFiles()).hasSize(1);
            assertThat(Files.exists(newest)).isFalse();
            log.appendAndSync(records(7, 1, 1)); // a new zxid may now start the next segment
        }
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            assertThat(replayAll(log)).extracting(LogRecord::zxid).containsExactly(1L, 2L, 3L, 4L, 7L);
        }
    }

    @Test
    void badHeaderOfAnOlderSegmentIsCorruption() throws IOException {
        Path dir = root.resolve("oldheader");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(1, 5, PAYLOAD_BYTES));
        }
        Path first = dir.resolve(LogFormat.fileName(1));
        flipBit(first, 3);
        assertThatThrownBy(() -> TxnLog.open(dir, FAST))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(first);
                    assertThat(e.offset()).isZero();
                });
    }

    @Test
    void validRecordWithAZxidGoingBackwardsIsCorruption() throws IOException {
        Path dir = root.resolve("backwards");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(10, 1, PAYLOAD_BYTES));
        }
        Path file = dir.resolve(LogFormat.fileName(10));
        // forge a well-formed record with an older zxid after the first one
        ByteBuffer forged = ByteBuffer.allocate(RECORD_BYTES);
        LogFormat.putRecord(forged, records(9, 1, PAYLOAD_BYTES).get(0), new java.util.zip.CRC32C());
        forged.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(forged, LogFormat.HEADER_BYTES + RECORD_BYTES);
        }
        assertThatThrownBy(() -> TxnLog.open(dir, FAST)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("offset " + (LogFormat.HEADER_BYTES + RECORD_BYTES));
    }

    @Test
    void damageAfterOpenIsCaughtByReplay() throws IOException {
        Path dir = root.resolve("replay");
        try (TxnLog log = TxnLog.open(dir, FAST)) {
            log.appendAndSync(records(1, 1, PAYLOAD_BYTES));
            Path file = onlySegment(log);
            flipBit(file, LogFormat.HEADER_BYTES + 20);
            assertThatThrownBy(() -> replayAll(log)).isInstanceOf(CorruptLogException.class);
        }
    }

    static void flipBit(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            channel.write(one, offset);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void overwriteWithZeros(Path file, long from, long to) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) (to - from)), from);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) return false;
        }
        return true;
    }
}
