package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An online backup of a node under write load restores into a node that has every write acknowledged before it. */
class BackupRestoreTest {
    @TempDir
    Path dir;

    @Test
    void backupUnderLoadRestoresEveryAcknowledgedWrite() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup");
        Path restored = dir.resolve("restored");
        AtomicInteger acked = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int ackedBeforeBackup;
        try (TestNode node = TestNode.start(data, SnapshotRecoveryTest.FLAGS); ZooKeeper zk = node.client()) {
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        zk.create("/w" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                        acked.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitAcked(acked, 200);
            SnapshotRecoveryTest.snapshotNow(node);
            awaitAcked(acked, acked.get() + 200);
            ackedBeforeBackup = acked.get();
            StorageToolsTest.Run run = StorageToolsTest.run("backup", "--data-dir", data.toString(), "--to",
                    backup.toString());
            assertThat(run.code()).as(run.out()).isZero();
            assertThat(run.out()).contains("backed up snapshot snapshot.");
            stop.set(true);
            load.get(30, TimeUnit.SECONDS);
        }
        StorageToolsTest.Run restore = StorageToolsTest.run("restore", "--from", backup.toString(), "--data-dir",
                restored.toString());
        assertThat(restore.code()).as(restore.out()).isZero();
        assertThat(StorageToolsTest.run("verify", restored.toString()).code()).isZero();
        try (TestNode node = TestNode.start(restored, SnapshotRecoveryTest.FLAGS); ZooKeeper zk = node.client()) {
            for (int i = 0; i < ackedBeforeBackup; i++) {
                assertThat(zk.getData("/w" + i, false, null)).as("/w" + i).isEqualTo(("v" + i).getBytes());
            }
            zk.create("/after-restore", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        // A second restore into a used directory is refused.
        assertThat(StorageToolsTest.run("restore", "--from", backup.toString(), "--data-dir", restored.toString())
                .code()).isNotZero();
    }

    private static void awaitAcked(AtomicInteger acked, int count) {
        org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> acked.get() >= count);
    }
}
