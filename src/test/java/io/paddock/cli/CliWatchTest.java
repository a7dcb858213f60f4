package io.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.it.TestNode;
import io.paddock.node.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code paddock cli watch PATH [-R]} on a thread of the test: it prints the events that the
 * official ZooKeeper client causes, stops with exit code 0 when the test interrupts it (and
 * removes its watch and closes its session), and stops with 3 when the server goes away.
 */
class CliWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** A one-shot {@code cli} running on its own thread, its output captured. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Running(String... args) {
            CommandLine main = new CommandLine(new Main());
            main.setOut(new PrintWriter(out, true));
            main.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> code.set(main.execute(args)), "test-cli-watch");
            thread.start();
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("the watch ended after the interrupt").isFalse();
        }
    }

    @Test
    void recursiveWatchPrintsEventsUntilInterrupted() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data")); ZooKeeper zk = node.client()) {
            zk.create("/w", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Running watch = new Running("cli", "--server", node.connectString(), "watch", "/w", "-R");
            await().atMost(WAIT).until(() -> watch.err.toString().contains("watching /w and its subtree"));
            zk.create("/w/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/w/a", "x".getBytes(StandardCharsets.UTF_8), -1);
            zk.create("/w/a/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.delete("/w/a/b", -1);
            zk.setData("/w", "y".getBytes(StandardCharsets.UTF_8), -1);
            zk.create("/elsewhere", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            await().atMost(WAIT).until(() -> watch.out.toString().contains("NodeDataChanged /w\n"));
            watch.stop();
            assertThat(watch.code.get()).isZero();
            assertThat(watch.out.toString()).isEqualTo("NodeCreated /w/a\nNodeDataChanged /w/a\nNodeCreated /w/a/b\n"
                    + "NodeDeleted /w/a/b\nNodeDataChanged /w\n");
            // Its session was closed on the way out: the node is left with the test's own client only.
            await().atMost(WAIT).untilAsserted(() -> assertThat(sessionLines(node)).hasSize(1));
        }
    }

    @Test
    void plainWatchSeesOnlyItsZnode() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data")); ZooKeeper zk = node.client()) {
            zk.create("/p", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Running watch = new Running("cli", "--server", node.connectString(), "watch", "/p");
            await().atMost(WAIT).until(() -> watch.err.toString().contains("watching /p;"));
            zk.create("/p/child", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/p/child", "x".getBytes(StandardCharsets.UTF_8), -1);
            zk.setData("/p", "x".getBytes(StandardCharsets.UTF_8), -1);
            await().atMost(WAIT).until(() -> watch.out.toString().contains("NodeDataChanged /p\n"));
            watch.stop();
            assertThat(watch.code.get()).isZero();
            assertThat(watch.out.toString()).isEqualTo("NodeChildrenChanged /p\nNodeDataChanged /p\n");
        }
    }

    @Test
    void watchEndsWithThreeWhenTheServerGoesAway() throws Exception {
        Running watch;
        try (TestNode node = TestNode.start(dir.resolve("data"))) {
            watch = new Running("cli", "--server", node.connectString(), "--session-timeout-ms", "2000", "watch", "/");
            await().atMost(WAIT).until(() -> watch.err.toString().contains("watching /;"));
        }
        watch.thread.join(WAIT.toMillis());
        assertThat(watch.thread.isAlive()).isFalse();
        assertThat(watch.code.get()).isEqualTo(3);
        assertThat(watch.err.toString()).containsPattern("connection to 127\\.0\\.0\\.1:\\d+ lost: ");
    }

    /** The node's connections with a session, from the {@code cons} four-letter word (one line each). */
    static java.util.List<String> sessionLines(TestNode node) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
            s.getOutputStream().write("cons".getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            // The four-letter word's own connection is listed too, without a session (sid=0x0).
            return text.lines().filter(l -> l.contains("sid=") && !l.contains("sid=0x0,")).toList();
        }
    }
}
