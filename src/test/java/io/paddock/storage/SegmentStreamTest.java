package io.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment read through a small window gives exactly the records the whole-file scan gives
 * (records of many sizes, some larger than the window, many crossing its edge), stops where the
 * visitor says, and reports damage at the offset the scan names.
 */
class SegmentStreamTest {
    @TempDir
    Path dir;

    /** Records of 0..700 payload bytes in one preallocated segment. */
    private Path segment() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            records.add(LogTestSupport.records(i, 1, (i * 37) % 701).get(0));
        }
        try (TxnLog log = TxnLog.open(dir, new TxnLogOptions(1, 64L << 20, 1L << 20, false))) {
            log.appendAndSync(records);
            return LogTestSupport.onlySegment(log);
        }
    }

    private static List<String> scanned(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        LogInspector.scan(file, (offset, record) -> out.add(describe(record)));
        return out;
    }

    private static String describe(LogRecord record) {
        return record.zxid() + "/" + record.type() + "/" + java.util.Arrays.hashCode(record.payload()) + "/"
                + record.payload().length;
    }

    @Test
    void throughASmallWindowItReadsWhatTheWholeFileScanReads() throws Exception {
        Path file = segment();
        for (int windowBytes : new int[] {LogFormat.HEADER_BYTES, 100, 4096, 1 << 20}) {
            List<String> streamed = new ArrayList<>();
            LogInspector.Streamed result = LogInspector.stream(file, windowBytes, record -> streamed.add(describe(record)));
            assertThat(streamed).as("window %d", windowBytes).isEqualTo(scanned(file)).hasSize(200);
            assertThat(result).isEqualTo(new LogInspector.Streamed(200, 200, null));
        }
    }

    @Test
    void itStopsWhereTheVisitorSays() throws Exception {
        Path file = segment();
        List<Long> zxids = new ArrayList<>();
        LogInspector.Streamed result = LogInspector.stream(file, 256, record -> {
            zxids.add(record.zxid());
            return record.zxid() < 42;
        });
        assertThat(zxids).hasSize(42).endsWith(42L);
        assertThat(result).isEqualTo(new LogInspector.Streamed(42, 42, null));
    }

    @Test
    void aDamagedRecordEndsTheStreamWhereTheScanSeesIt() throws Exception {
        Path file = segment();
        long[] offsets = new long[2];
        LogInspector.scan(file, (offset, record) -> {
            if (record.zxid() == 120) {
                offsets[0] = offset;
            }
        });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x7f}), offsets[0] + LogFormat.RECORD_PREFIX_BYTES + 9);
        }
        LogInspector.Segment scan = LogInspector.scan(file, (offset, record) -> { });
        List<Long> zxids = new ArrayList<>();
        LogInspector.Streamed result = LogInspector.stream(file, 300, record -> zxids.add(record.zxid()));
        assertThat(zxids).hasSize(119).endsWith(119L);
        assertThat(result.lastZxid()).isEqualTo(119);
        assertThat(result.problem()).isNotNull();
        assertThat(result.problem().offset()).isEqualTo(scan.problem().offset()).isEqualTo(offsets[0]);
    }
}
