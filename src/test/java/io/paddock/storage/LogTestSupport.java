package io.paddock.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Record factories and readers shared by the storage tests. */
final class LogTestSupport {
    static final long EPOCH_ONE = 1L << 32;

    private LogTestSupport() {}

    /** {@code count} records with zxids {@code first, first+1, ...} and distinct payloads. */
    static List<LogRecord> records(long first, int count, int payloadBytes) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long zxid = first + i;
            byte[] payload = new byte[payloadBytes];
            for (int b = 0; b < payloadBytes; b++) payload[b] = (byte) (zxid * 31 + b * 7 + 1);
            records.add(new LogRecord(zxid, (byte) (zxid % 5), payload));
        }
        return records;
    }

    static List<LogRecord> replayAll(TxnLogStore log) throws IOException {
        return replayAfter(log, 0);
    }

    static List<LogRecord> replayAfter(TxnLogStore log, long afterZxid) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        log.replay(afterZxid, out::add);
        return out;
    }

    /** Bytes one record takes on disk. */
    static int recordBytes(int payloadBytes) {
        return LogFormat.RECORD_PREFIX_BYTES + LogFormat.RECORD_BODY_BYTES_MIN + payloadBytes;
    }

    static TxnLogOptions smallOptions() {
        return new TxnLogOptions(1, 64 << 10, 16 << 10, true);
    }

    static Path onlySegment(TxnLog log) {
        List<Path> files = log.segmentFiles();
        if (files.size() != 1) throw new AssertionError("expected one segment: " + files);
        return files.get(0);
    }
}
