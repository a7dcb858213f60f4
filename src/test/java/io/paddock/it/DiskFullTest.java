package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing disk. A full disk: the node's data directory lives on a small tmpfs. When it fills up, writes fail
 * with an error while reads keep working; once space returns, writes resume, and after a
 * restart every acknowledged write is there and no rejected one is.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void writesFailWhileTheDiskIsFullAndResumeAfter() throws Exception {
        Path mount = dir.resolve("small-disk");
        Files.createDirectories(mount);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        assumeTrue(mounted, "needs root to mount a small tmpfs");
        try {
            exercise(mount);
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private void exercise(Path mount) throws Exception {
        Map<String, String> flags = Map.of("preallocate-bytes", "65536", "log-segment-bytes-max", "1048576");
        List<String> acknowledged = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        byte[] payload = new byte[2048];
        Path filler = mount.resolve("filler");
        try (TestNode node = TestNode.start(mount.resolve("data"), flags); ZooKeeper zk = node.client()) {
            fill(filler, mount, 300_000);
            for (int i = 0; i < 5_000 && rejected.size() < 3; i++) {
                String path = "/n" + i;
                try {
                    zk.create(path, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    acknowledged.add(path);
                } catch (KeeperException.SystemErrorException e) {
                    rejected.add(path);
                }
            }
            assertThat(rejected).as("writes must fail once the disk is full").isNotEmpty();
            // Reads keep working while writes cannot be made durable.
            assertThat(zk.getData(acknowledged.get(0), false, null)).isEqualTo(payload);
            assertThat(zk.getChildren("/", false)).contains("zookeeper");

            Files.delete(filler);
            Awaitility.await().atMost(20, TimeUnit.SECONDS).ignoreExceptionsInstanceOf(KeeperException.class)
                    .until(() -> zk.create("/after", payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT) != null);
            acknowledged.add("/after");
        }
        try (TestNode node = TestNode.start(mount.resolve("data"), flags); ZooKeeper zk = node.client()) {
            for (String path : acknowledged) {
                assertThat(zk.exists(path, false)).as("acknowledged %s", path).isNotNull();
            }
            for (String path : rejected) {
                assertThat(zk.exists(path, false)).as("rejected %s", path).isNull();
            }
        }
    }

    /**
     * A log write that fails for a reason other than space (here EFBIG: this JVM's file-size
     * limit is lowered under the running node with prlimit; the JVM ignores SIGXFSZ, so the write
     * fails with "File too large"): the write is refused, and so is every later one, even once the
     * cause is gone, because a failed write is never retried as if it had worked. Reads go on; a
     * restart recovers from what is on disk.
     */
    @Test
    void aFailedLogWriteStopsWritesUntilRestartWhileReadsGoOn() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        assumeTrue(run("prlimit", "--pid", pid, "--fsize=unlimited:unlimited"), "needs prlimit on this JVM");
        Path data = dir.resolve("data");
        try (TestNode node = TestNode.start(data); ZooKeeper zk = node.client()) {
            zk.create("/before", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(run("prlimit", "--pid", pid, "--fsize=1:unlimited")).isTrue();
            try {
                assertThatThrownBy(() -> zk.create("/during", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                        .isInstanceOf(KeeperException.SystemErrorException.class);
            } finally {
                assertThat(run("prlimit", "--pid", pid, "--fsize=unlimited:unlimited")).isTrue();
            }
            assertThatThrownBy(() -> zk.create("/after", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.SystemErrorException.class);
            assertThat(zk.getData("/before", false, null)).isEqualTo("v".getBytes());
        }
        try (TestNode node = TestNode.start(data); ZooKeeper zk = node.client()) {
            assertThat(zk.getData("/before", false, null)).isEqualTo("v".getBytes());
            assertThat(zk.exists("/during", false)).isNull();
            assertThat(zk.exists("/after", false)).isNull();
            zk.create("/after-restart", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /** Writes a file until only about {@code leaveBytes} are free on the file system. */
    private static void fill(Path filler, Path mount, long leaveBytes) throws IOException {
        long free = Files.getFileStore(mount).getUsableSpace();
        long size = Math.max(0, free - leaveBytes);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < size) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), size - written));
                written += out.write(chunk);
            }
        }
    }
}
