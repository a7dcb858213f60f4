package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.process.LocalCluster.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster.sh} driving real node processes (target/paddock.jar) in a temporary
 * {@code CLUSTER_DIR} per test, through {@link LocalCluster#run}; {@code stop} always runs
 * afterwards, and every pid the test saw must be gone then. One-node clusters (standalone) and
 * ensembles of three participants (with and without an observer).
 */
class ClusterScriptIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern STATUS = Pattern.compile("(\\d+) (leader|follower|observer|standalone) epoch=(\\d+) zxid=(0x[0-9a-f]+)");

    @TempDir
    Path dir;
    private Path clusterDir;
    private LocalCluster cluster;
    private final Set<Long> pidsSeen = new HashSet<>();

    @BeforeEach
    void clusterDir() {
        clusterDir = dir.resolve("cluster");
        cluster = new LocalCluster(clusterDir);
    }

    @AfterEach
    void stopAndCheckNothingIsLeft() throws Exception {
        Result stop = run("stop");
        assertThat(stop.code()).as("stop: %s", stop).isZero();
        for (long pid : pidsSeen) {
            assertThat(running(pid)).as("pid %d after stop", pid).isFalse();
        }
    }

    @Test
    void oneNodeClusterStatusLeaderPauseKillRestartStop() throws Exception {
        Result start = run("start", "1");
        assertThat(start.code()).as("start: %s", start).isZero();
        String connect = start.lastLine();
        assertThat(connect).isEqualTo("127.0.0.1:" + port("client.1"));
        long pid = nodePid(1);
        assertThat(statusLine(1)).matches("1 standalone epoch=\\d+ zxid=0x[0-9a-f]+");
        assertThat(run("leader").out().strip()).isEqualTo("1");

        try (ZooKeeper zk = Zk.connect(connect, 10_000, null)) {
            zk.create("/kept", "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // A TTL node is refused unless extendedTypesEnabled is on, as a test cluster has it.
            zk.create("/ttl", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 60_000);
        }
        assertThat(fourLetterWord(port("client.1"), "mntr")).as("every four-letter word is allowed").contains("zk_version");
        Matcher status = STATUS.matcher(statusLine(1));
        assertThat(status.matches()).isTrue();
        long zxid = Long.decode(status.group(4));
        assertThat(zxid & 0xffffffffL).as("counter of the last zxid after two creates").isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(status.group(3))).isEqualTo(zxid >>> 32);

        assertThat(run("pause", "1").code()).isZero();
        long began = System.nanoTime();
        assertThat(statusLine(1)).isEqualTo("1 not-answering (paused)");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("status of a paused node").isLessThan(Duration.ofSeconds(6));
        Result noLeader = run("leader");
        assertThat(noLeader.code()).isEqualTo(1);
        assertThat(noLeader.err()).contains("no leader");
        assertThat(run("resume", "1").code()).isZero();
        await().atMost(WAIT).until(() -> statusLine(1).startsWith("1 standalone"));

        assertThat(run("kill", "1").code()).isZero();
        assertThat(running(pid)).as("killed pid").isFalse();
        assertThat(statusLine(1)).isEqualTo("1 stopped");
        assertThat(run("leader").code()).isEqualTo(1);

        Result restart = run("restart", "1");
        assertThat(restart.code()).as("restart: %s", restart).isZero();
        assertThat(nodePid(1)).isNotEqualTo(pid);
        assertThat(statusLine(1)).startsWith("1 standalone");
        try (ZooKeeper zk = Zk.connect(connect, 10_000, null)) {
            assertThat(new String(zk.getData("/kept", false, null), StandardCharsets.UTF_8)).isEqualTo("v");
        }

        List<Long> pids = List.copyOf(pidsSeen);
        assertThat(run("stop").code()).isZero();
        for (long p : pids) {
            assertThat(running(p)).as("pid %d after stop", p).isFalse();
        }
        assertThat(clusterDir.resolve("node1/pid")).doesNotExist();
        assertThat(statusLine(1)).isEqualTo("1 stopped");
    }

    @Test
    void commandsThatCannotDoWhatTheySayExitNonZeroWithAMessage() throws Exception {
        assertFails(1, "no cluster in", "status");
        assertFails(1, "no cluster in", "kill", "1");
        assertFails(2, "unknown command 'bogus'", "bogus");
        assertFails(2, "N must be a number", "start", "0");
        assertFails(2, "N must be a number", "start", "x");
        assertFails(2, "--observers needs a count", "start", "1", "--observers");
        assertFails(2, "P must be a port", "start", "1", "--base-port", "80");
        assertFails(2, "status takes no arguments", "status", "1");
        assertThat(run("start", "1").code()).isZero();
        nodePid(1);
        assertFails(1, "a cluster is running", "start", "1");
        assertFails(1, "no node '2'", "kill", "2");
        assertFails(1, "no node 'x'", "pause", "x");
        assertFails(1, "node 1 is running", "restart", "1");
        assertFails(1, "no peer links", "partition", "1");
        assertFails(1, "no peer links", "heal");
        assertFails(2, "kill ID", "kill");

        // A recorded pid that is not the node started (here a sleep of ours) is never signalled.
        Path pidFile = clusterDir.resolve("node1/pid");
        String nodePid = Files.readString(pidFile);
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(pidFile, stranger.pid() + "\n");
            assertFails(1, "node 1 is not running", "kill", "1");
            assertFails(1, "node 1 is not running", "pause", "1");
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor(10, TimeUnit.SECONDS);
            Files.writeString(pidFile, nodePid);
        }
        assertThat(run("kill", "1").code()).isZero();
        assertFails(1, "node 1 is not running", "kill", "1");
        assertFails(1, "node 1 is not running", "resume", "1");
    }

    @Test
    void threeNodesElectALeaderAndSurvivePartitionHealAndRestart() throws Exception {
        Result start = run("start", "3");
        assertThat(start.code()).as("start: %s", start).isZero();
        assertThat(start.lastLine().split(",")).hasSize(3);
        for (int i = 1; i <= 3; i++) {
            nodePid(i);
        }
        proxyPid();
        int leader = leader();
        assertThat(modes()).containsOnlyKeys(1, 2, 3).containsValue("leader").containsValue("follower");
        try (ZooKeeper zk = Zk.connect(start.lastLine(), 10_000, null)) {
            zk.create("/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        Result cut = run("partition", Integer.toString(leader));
        assertThat(cut.code()).as("partition: %s", cut).isZero();
        // One call per poll: between two calls the election may still be under way.
        int next = cluster.awaitLeader(leader);
        try (ZooKeeper zk = Zk.connect("127.0.0.1:" + port("client." + next), 10_000, null)) {
            zk.create("/b", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        assertThat(run("heal").code()).isZero();
        awaitAllOnOneZxid(3);

        int follower = modes().entrySet().stream().filter(e -> e.getValue().equals("follower")).findFirst()
                .orElseThrow().getKey();
        assertThat(run("kill", Integer.toString(follower)).code()).isZero();
        try (ZooKeeper zk = Zk.connect("127.0.0.1:" + port("client." + leader()), 10_000, null)) {
            zk.create("/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        assertThat(run("restart", Integer.toString(follower)).code()).isZero();
        nodePid(follower);
        awaitAllOnOneZxid(3);

        Result oneWay = run("partition", "--oneway", Integer.toString(leader()), Integer.toString(follower));
        assertThat(oneWay.code()).as("partition --oneway: %s", oneWay).isZero();
        assertThat(run("links").out()).contains(leader() + "-" + follower + " stalled", follower + "-" + leader() + " open");
        assertThat(run("heal").code()).isZero();
        awaitAllOnOneZxid(3);
    }

    @Test
    void observersAreNumberedAfterTheParticipantsAndServeAsObservers() throws Exception {
        Result start = run("start", "3", "--observers", "1");
        assertThat(start.code()).as("start: %s", start).isZero();
        assertThat(start.lastLine().split(",")).hasSize(4);
        for (int i = 1; i <= 4; i++) {
            nodePid(i);
        }
        proxyPid();
        assertThat(modes()).containsEntry(4, "observer");
        assertThat(leader()).isBetween(1, 3);
    }

    // ---- helpers ----

    private Result run(String... args) {
        return cluster.run(args);
    }

    private void assertFails(int code, String message, String... args) throws Exception {
        Result result = run(args);
        assertThat(result.code()).as("exit code of cluster.sh %s: %s", String.join(" ", args), result).isEqualTo(code);
        assertThat(result.err()).as("stderr of cluster.sh %s", String.join(" ", args)).contains(message);
    }

    private String statusLine(int id) throws Exception {
        Result status = run("status");
        assertThat(status.code()).as("status: %s", status).isZero();
        return status.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for node " + id + " in " + status));
    }

    /** Each answering node's mode, from status. */
    private Map<Integer, String> modes() throws Exception {
        Map<Integer, String> modes = new TreeMap<>();
        for (String line : run("status").out().lines().toList()) {
            Matcher m = STATUS.matcher(line);
            if (m.matches()) {
                modes.put(Integer.parseInt(m.group(1)), m.group(2));
            }
        }
        return modes;
    }

    private int leader() throws Exception {
        Result leader = run("leader");
        assertThat(leader.code()).as("leader: %s", leader).isZero();
        return Integer.parseInt(leader.out().strip());
    }

    /** Waits until n nodes answer (one leader) on the same zxid. */
    private void awaitAllOnOneZxid(int n) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<String> lines = run("status").out().lines().toList();
            Set<String> zxids = new HashSet<>();
            int answering = 0;
            for (String line : lines) {
                Matcher m = STATUS.matcher(line);
                if (m.matches()) {
                    answering++;
                    zxids.add(m.group(4));
                }
            }
            return answering == n && zxids.size() == 1 && run("leader").code() == 0;
        });
    }

    private int port(String key) {
        String port = cluster.ports().get(key);
        if (port == null) {
            throw new AssertionError("no " + key + " in " + clusterDir.resolve("ports"));
        }
        return Integer.parseInt(port);
    }

    /** The recorded pid of node i, which must be alive; remembered so the test checks it is gone at the end. */
    private long nodePid(int i) throws IOException {
        return alivePid(clusterDir.resolve("node" + i + "/pid"));
    }

    private long proxyPid() throws IOException {
        return alivePid(clusterDir.resolve("proxy.pid"));
    }

    private long alivePid(Path file) throws IOException {
        long pid = Long.parseLong(Files.readString(file).strip());
        assertThat(running(pid)).as("pid %d of %s", pid, file).isTrue();
        pidsSeen.add(pid);
        return pid;
    }

    /**
     * Whether the process runs. A zombie does not: the script's nodes are orphans once the script
     * exits, and until init reaps a killed one it is a zombie, which ProcessHandle calls alive.
     */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
            } catch (IOException e) {
                // No /proc entry: gone by now (or not Linux, where ProcessHandle's answer stands).
                return !Files.exists(Path.of("/proc"));
            }
        }
        return false;
    }

    private static String fourLetterWord(int port, String word) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
