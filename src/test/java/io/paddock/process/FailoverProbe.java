package io.paddock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Measures failover of a running local ensemble (scripts/cluster.sh, {@code $CLUSTER_DIR}):
 * one session pinned to each node writes continuously (setData, a few in flight); the probe
 * SIGKILLs (or SIGSTOPs) the leader and measures the time from the signal to the first write
 * acknowledged with a zxid of a newer epoch, i.e. committed by the new leader, through a
 * surviving node; then it restarts (or resumes) the node, waits for the ensemble to be whole,
 * and goes again. {@code --steady S} instead runs the same load for S seconds with no fault and
 * counts the elections it saw (epochs in the acknowledged zxids). Used by scripts/failover.sh.
 *
 * <p>Threads: the ZooKeeper clients' own; the probe only waits. Every wait is bounded.
 */
public final class FailoverProbe {
    private final Path script;
    private final Path clusterDir;
    private final int nodes;
    private final Map<Integer, Integer> clientPorts = new TreeMap<>();

    private FailoverProbe(Path script, Path clusterDir) throws IOException {
        this.script = script;
        this.clusterDir = clusterDir;
        int count = 0;
        for (String line : Files.readAllLines(clusterDir.resolve("ports"))) {
            String[] kv = line.split("=", 2);
            if (kv[0].startsWith("client.")) {
                clientPorts.put(Integer.parseInt(kv[0].substring(7)), Integer.parseInt(kv[1].trim()));
            }
            if (kv[0].equals("nodes")) {
                count = Integer.parseInt(kv[1].trim());
            }
        }
        this.nodes = count;
    }

    public static void main(String[] args) throws Exception {
        String mode = "kill";
        int rounds = 10;
        int steadySeconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--steady" -> steadySeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("paddock.root", "."));
        FailoverProbe probe = new FailoverProbe(root.resolve("scripts/cluster.sh"),
                Path.of(System.getenv().getOrDefault("CLUSTER_DIR", "target/cluster")));
        if (steadySeconds > 0) {
            probe.steady(steadySeconds);
        } else {
            probe.failovers(mode, rounds);
        }
        System.exit(0);
    }

    // ---- load ---------------------------------------------------------------------------------

    /** One session pinned to one node, writing its own znode with a few writes in flight. */
    private static final class Writer implements AutoCloseable {
        final int node;
        final ZooKeeper zk;
        final String path;
        final AtomicBoolean running = new AtomicBoolean(true);
        final Semaphore inflight = new Semaphore(4);
        final Thread thread;

        Writer(int node, int port, ConcurrentSkipListSet<long[]> acks) throws Exception {
            this.node = node;
            this.zk = Zk.connect("127.0.0.1:" + port, 10_000, null);
            this.path = "/failover-probe-" + node + "-" + System.nanoTime();
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            this.thread = new Thread(() -> loop(acks), "writer-" + node);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(ConcurrentSkipListSet<long[]> acks) {
            byte[] data = new byte[64];
            while (running.get()) {
                try {
                    if (!inflight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    zk.setData(path, data, -1, (rc, p, ctx, stat) -> {
                        inflight.release();
                        if (rc == KeeperException.Code.OK.intValue()) {
                            acks.add(new long[] {System.nanoTime(), stat.getMzxid(), node});
                        }
                    }, null);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    inflight.release(); // the client is closing
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            zk.close(2_000);
        }
    }

    private List<Writer> writers(ConcurrentSkipListSet<long[]> acks, int except) throws Exception {
        List<Writer> writers = new ArrayList<>();
        for (Map.Entry<Integer, Integer> node : clientPorts.entrySet()) {
            if (node.getKey() != except) {
                writers.add(new Writer(node.getKey(), node.getValue(), acks));
            }
        }
        return writers;
    }

    private static ConcurrentSkipListSet<long[]> ackSet() {
        return new ConcurrentSkipListSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
    }

    // ---- failovers ---------------------------------------------------------------------------------

    private void failovers(String mode, int rounds) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int leader = Integer.parseInt(cluster("leader").strip());
            ConcurrentSkipListSet<long[]> acks = ackSet();
            List<Writer> writers = writers(acks, -1);
            try {
                awaitAcks(acks, 200, 20_000);
                long oldEpoch = epochOf(acks.last()[1]);
                long pid = Long.parseLong(Files.readString(clusterDir.resolve("node" + leader + "/pid")).strip());
                long t0 = System.nanoTime();
                signal(mode.equals("stop") ? "-STOP" : "-KILL", pid);
                long failover = firstAckOfNewerEpoch(acks, t0, oldEpoch, leader, 30_000);
                times.add(failover);
                System.out.printf("round %d: %s of leader %d (epoch %d): first write of a newer epoch through a "
                        + "surviving node after %d ms%n", round, mode.equals("stop") ? "SIGSTOP" : "SIGKILL", leader,
                        oldEpoch, failover / 1_000_000);
            } finally {
                for (Writer writer : writers) {
                    writer.close();
                }
            }
            cluster(mode.equals("stop") ? "resume" : "restart", String.valueOf(leader));
            awaitWhole(60_000);
        }
        report(mode, times);
    }

    private static void report(String mode, List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("failover %s: %d rounds, median %d ms, min %d ms, max %d ms, all: %s%n", mode,
                sorted.size(), median / 1_000_000, sorted.get(0) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000,
                times.stream().map(t -> t / 1_000_000 + "").toList());
    }

    /** The first ack after {@code t0} of a newer epoch through another node; its own time stamp is what counts. */
    private long firstAckOfNewerEpoch(ConcurrentSkipListSet<long[]> acks, long t0, long oldEpoch, int downNode,
                                      long timeoutMs) {
        long[] first = new long[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(timeoutMs))
                .pollInterval(java.time.Duration.ofMillis(5)).until(() -> {
                    for (long[] ack : acks.tailSet(new long[] {t0, 0, 0})) {
                        if (ack[2] != downNode && epochOf(ack[1]) > oldEpoch) {
                            first[0] = ack[0] - t0;
                            return true;
                        }
                    }
                    return false;
                });
        return first[0];
    }

    // ---- steady ------------------------------------------------------------------------------------

    private void steady(int seconds) throws Exception {
        ConcurrentSkipListSet<long[]> acks = ackSet();
        List<Writer> writers = writers(acks, -1);
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long firstEpoch;
        try {
            awaitAcks(acks, 100, 20_000);
            firstEpoch = epochOf(acks.first()[1]);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime())); // a load of fixed length
            count.set(acks.size());
        } finally {
            for (Writer writer : writers) {
                writer.close();
            }
        }
        long lastEpoch = epochOf(acks.last()[1]);
        System.out.printf("steady load %d s on %d nodes: %d writes acknowledged, epochs %d..%d: %d elections%n", seconds,
                nodes, count.get(), firstEpoch, lastEpoch, lastEpoch - firstEpoch);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    private static void awaitAcks(ConcurrentSkipListSet<long[]> acks, int count, long timeoutMs) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(timeoutMs))
                .pollInterval(java.time.Duration.ofMillis(10)).until(() -> acks.size() >= count);
    }

    /** Waits until every node answers with a mode and one of them leads. */
    private void awaitWhole(long timeoutMs) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(timeoutMs))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                    String status = cluster("status");
                    long answering = status.lines().filter(l -> l.matches("\\d+ (leader|follower|observer) .*")).count();
                    return answering == nodes && status.contains(" leader ");
                });
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    private String cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CLUSTER_DIR", clusterDir.toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
