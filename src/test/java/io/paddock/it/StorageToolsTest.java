package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.node.Main;
import io.paddock.storage.SnapshotStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** log-dump, snapshot-dump and verify, run in-process through the picocli command. */
class StorageToolsTest {
    @TempDir
    Path dir;

    record Run(int code, String out) {}

    static Run run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(text));
        cli.setErr(new PrintWriter(text));
        int code = cli.execute(args);
        return new Run(code, text.toString());
    }

    @BeforeEach
    void writeData() throws Exception {
        // One segment, so that the purge after the snapshot keeps every record for log-dump to show.
        Map<String, String> flags = Map.of("snapshot-txn-count-max", "1000000", "log-segment-bytes-max", "1048576",
                "preallocate-bytes", "65536");
        try (TestNode node = TestNode.start(dir, flags); ZooKeeper zk = node.client()) {
            SnapshotRecoveryTest.write(zk, "a", 0, 40);
            zk.create("/eph", "e".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            SnapshotRecoveryTest.snapshotNow(node);
            SnapshotRecoveryTest.write(zk, "b", 0, 40);
            zk.setData("/b1", "changed".getBytes(), 0);
        }
    }

    private List<Path> segments() throws Exception {
        return io.paddock.storage.LogInspector.segmentFiles(dir.resolve("log"));
    }

    @Test
    void logDumpPrintsOneLinePerRecord() throws Exception {
        Run run = run("log-dump", dir.resolve("log").toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("createSession 0x").contains("create /a0 data 2B #7630 acl [world:anyone:cdrwa]")
                .contains("create /eph data 1B #65 acl [world:anyone:cdrwa] ephemeral 0x")
                .contains("setData /b1 data 7B").contains("closeSession 0x");
        long creates = run.out().lines().filter(l -> l.contains(" create /")).count();
        assertThat(creates).isEqualTo(81);
        assertThat(run("log-dump", segments().get(0).toString()).out()).contains("# 1 segments");
    }

    @Test
    void snapshotDumpPrintsZnodesSessionsAndDigest() throws Exception {
        Path snapshot = SnapshotStore.list(dir.resolve("snapshots")).get(0).path();
        Run run = run("snapshot-dump", snapshot.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("CRC32C ok").contains("/a7 czxid 0x").contains("dataLength 2")
                .contains("/eph czxid").contains("ephemeral 0x").contains("session 0x").contains("matches the rebuilt tree");
        assertThat(run.out()).doesNotContain("/b0 ");
    }

    @Test
    void verifyPassesThenNamesTheDamagedFileAndOffset() throws Exception {
        Run good = run("verify", dir.toString());
        assertThat(good.code()).as(good.out()).isZero();
        assertThat(good.out()).contains("OK:").contains("1 snapshot(s)");

        Path first = segments().get(0);
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xAB}), 28 + 20); // inside the first record's payload
        }
        Run bad = run("verify", dir.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("DAMAGE " + first + " at offset 28");

        Path snapshot = SnapshotStore.list(dir.resolve("snapshots")).get(0).path();
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 1;
        Files.write(snapshot, bytes);
        Run worse = run("verify", dir.toString());
        assertThat(worse.out()).contains("DAMAGE damaged snapshot " + snapshot);
        assertThat(run("snapshot-dump", snapshot.toString()).code()).isEqualTo(1);
    }

    @Test
    void purgeKeepsTheNewestSnapshotsAndTheSegmentsTheyNeed() throws Exception {
        java.util.Map<String, String> keepAll = new java.util.HashMap<>(SnapshotRecoveryTest.FLAGS);
        keepAll.put("autopurge-snap-retain-count", "10"); // the node itself would purge down to 3
        try (TestNode node = TestNode.start(dir, keepAll); ZooKeeper zk = node.client()) {
            for (int round = 0; round < 4; round++) {
                SnapshotRecoveryTest.write(zk, "p" + round + "-", 0, 40);
                SnapshotRecoveryTest.snapshotNow(node);
            }
        }
        assertThat(run("purge", dir.toString(), "--count", "2").code()).isEqualTo(2);
        Run run = run("purge", dir.toString(), "--count", "3");
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("snapshots: kept 3, deleted 2");
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            assertThat(files.count()).isEqualTo(3);
        }
        assertThat(run("verify", dir.toString()).code()).isZero();
        // One segment, so that the purge after the snapshot keeps every record for log-dump to show.
        Map<String, String> flags = Map.of("snapshot-txn-count-max", "1000000", "log-segment-bytes-max", "1048576",
                "preallocate-bytes", "65536");
        try (TestNode node = TestNode.start(dir, flags); ZooKeeper zk = node.client()) {
            assertThat(zk.getData("/b1", false, null)).isEqualTo("changed".getBytes());
            assertThat(zk.exists("/p3-39", false)).isNotNull();
        }
    }

    @Test
    void verifyToleratesATornTailOfTheNewestSegment() throws Exception {
        Path newest = segments().get(segments().size() - 1);
        LogTail.tear(newest);
        Run run = run("verify", dir.toString());
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("torn tail");
    }

    /** Cuts the last record of a segment in half. */
    static final class LogTail {
        static void tear(Path segment) throws Exception {
            var scan = io.paddock.storage.LogInspector.scan(segment, (o, r) -> { });
            long[] lastOffset = {0};
            io.paddock.storage.LogInspector.scan(segment, (o, r) -> lastOffset[0] = o);
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                channel.truncate(lastOffset[0] + (scan.endOffset() - lastOffset[0]) / 2);
            }
        }
    }
}
