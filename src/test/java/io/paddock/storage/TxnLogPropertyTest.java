package io.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever batches go in come back out, byte for byte, after a reopen. */
class TxnLogPropertyTest {
    @Property(tries = 60)
    void appendedBatchesReplayEqualAfterReopen(@ForAll("batches") List<List<byte[]>> batches) throws IOException {
        Path dir = Files.createTempDirectory("txnlog-prop");
        try {
            TxnLogOptions options = new TxnLogOptions(1, 16 << 10, 4 << 10, false);
            List<LogRecord> written = new ArrayList<>();
            long zxid = (3L << 32);
            try (TxnLog log = TxnLog.open(dir, options)) {
                for (List<byte[]> payloads : batches) {
                    List<LogRecord> batch = new ArrayList<>();
                    for (byte[] payload : payloads) {
                        zxid += 1 + (payload.length % 3); // gaps are allowed, order is not optional
                        batch.add(new LogRecord(zxid, (byte) payload.length, payload));
                    }
                    log.appendAndSync(batch);
                    written.addAll(batch);
                }
            }
            try (TxnLog log = TxnLog.open(dir, options)) {
                List<LogRecord> replayed = new ArrayList<>();
                log.replay(0, replayed::add);
                assertThat(replayed).isEqualTo(written);
                assertThat(log.recoveryWarnings()).isEmpty();
                assertThat(log.lastZxid()).isEqualTo(written.isEmpty() ? 0 : written.get(written.size() - 1).zxid());
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<List<byte[]>>> batches() {
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(5000);
        return payload.list().ofMaxSize(12).list().ofMaxSize(6);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
