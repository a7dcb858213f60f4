package io.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    private SnapshotStore store() {
        return new SnapshotStore(dir, 7, true);
    }

    private SnapshotStore.SnapshotFile write(long zxid, byte[] body) throws Exception {
        try (SnapshotStore.Writer writer = store().begin(zxid, zxid >>> 32)) {
            writer.write(body, 0, body.length);
            return writer.commit();
        }
    }

    private static byte[] body(SnapshotStore.SnapshotFile file, SnapshotHeader header) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[5];
        try (SnapshotStore.BodyReader reader = SnapshotStore.openBody(file.path(), header)) {
            for (int n; (n = reader.read(chunk, 0, chunk.length)) >= 0; ) out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void writtenSnapshotVerifiesAndReadsBack() throws Exception {
        byte[] body = "hello snapshot body".getBytes();
        SnapshotStore.SnapshotFile file = write(0x1_0000_0005L, body);
        assertThat(file.path().getFileName().toString()).isEqualTo("snapshot.0000000100000005");
        SnapshotHeader header = SnapshotStore.verify(file.path());
        assertThat(header).isEqualTo(new SnapshotHeader(7, 0x1_0000_0005L, 1, body.length));
        assertThat(body(file, header)).isEqualTo(body);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("snapshot.0000000100000005");
        }
    }

    @Test
    void everyTruncationAndEveryBitFlipIsDetected() throws Exception {
        SnapshotStore.SnapshotFile file = write(9, new byte[40]);
        byte[] good = Files.readAllBytes(file.path());
        for (int cut = 0; cut < good.length; cut++) {
            Files.write(file.path(), Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> SnapshotStore.verify(file.path())).as("cut %d", cut)
                    .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining(file.path().toString());
        }
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(file.path(), bad);
            assertThatThrownBy(() -> SnapshotStore.verify(file.path())).as("flip %d", i)
                    .isInstanceOf(CorruptSnapshotException.class);
        }
    }

    /** The one-pass reader finds every truncation and bit flip: at open (header, trailer) or at finish (the CRC32C). */
    @Test
    void checkingReaderCatchesEveryTruncationAndBitFlipByItsEnd() throws Exception {
        byte[] body = "a body read once, checked as it is read".getBytes();
        SnapshotStore.SnapshotFile file = write(11, body);
        byte[] good = Files.readAllBytes(file.path());
        assertThat(readChecking(file.path())).isEqualTo(body);
        for (int cut = 0; cut < good.length; cut++) {
            Files.write(file.path(), Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> readChecking(file.path())).as("cut %d", cut)
                    .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining(file.path().toString());
        }
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(file.path(), bad);
            assertThatThrownBy(() -> readChecking(file.path())).as("flip %d", i)
                    .isInstanceOf(CorruptSnapshotException.class);
        }
    }

    /** Reads the body in small chunks as a parser does, then finishes; returns the body. */
    private static byte[] readChecking(Path path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnapshotStore.BodyReader reader = SnapshotStore.openChecking(path)) {
            byte[] chunk = new byte[7];
            for (int n; (n = reader.read(chunk, 0, chunk.length)) >= 0; ) out.write(chunk, 0, n);
            reader.finish();
        }
        return out.toByteArray();
    }

    @Test
    void newestValidSkipsDamagedNewerSnapshots() throws Exception {
        write(10, new byte[] {1});
        write(20, new byte[] {2});
        SnapshotStore.SnapshotFile newest = write(30, new byte[] {3});
        byte[] bytes = Files.readAllBytes(newest.path());
        Files.write(newest.path(), Arrays.copyOf(bytes, bytes.length - 3)); // torn trailer
        SnapshotStore.Newest found = store().openNewestValid();
        assertThat(found.file().zxid()).isEqualTo(20);
        assertThat(found.warnings()).singleElement().asString().contains("snapshot.000000000000001e");
    }

    @Test
    void purgeKeepsTheNewestAndReportsTheOldestKept() throws Exception {
        for (long zxid = 1; zxid <= 5; zxid++) write(zxid, new byte[] {(byte) zxid});
        assertThat(store().purge(3)).isEqualTo(3);
        assertThat(store().list()).extracting(SnapshotStore.SnapshotFile::zxid).containsExactly(5L, 4L, 3L);
        assertThat(new SnapshotStore(dir.resolve("none"), 1, true).purge(3)).isEqualTo(-1);
    }

    @Test
    void abandonedWriterLeavesNoFileAndTempFilesAreRemoved() throws Exception {
        try (SnapshotStore.Writer writer = store().begin(4, 0)) {
            writer.write(new byte[10], 0, 10);
        }
        assertThat(store().list()).isEmpty();
        Files.write(dir.resolve("snapshot.0000000000000008.tmp"), new byte[3]);
        assertThat(store().list()).isEmpty();
        assertThat(store().removeTempFiles()).hasSize(1);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
