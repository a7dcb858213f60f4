package io.paddock.process;

import io.paddock.sim.check.Budget;
import io.paddock.sim.check.CheckResult;
import io.paddock.sim.check.HistoryRecorder;
import io.paddock.sim.check.LinearizabilityChecker;
import io.paddock.sim.check.Violation;
import io.paddock.sim.check.ZkCode;
import io.paddock.sim.check.ZkInput;
import io.paddock.sim.check.ZkOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Jepsen-style chaos on real node processes: a local ensemble (scripts/cluster.sh, with its
 * fault proxy on every peer link) attacked by a seeded nemesis (SIGKILL and restart, SIGSTOP and
 * SIGCONT, partitions, one-way cuts) while clients using the official ZooKeeper client, spread
 * over the nodes, run a mixed workload: compare-and-set registers, sequential creates,
 * ephemerals, sync + read. Every invocation and completion is recorded (ok, failed,
 * indeterminate, with its zxid) and the history is checked with the same linearizability checker
 * as the simulator; every acknowledged sequential create must exist at the end; every ephemeral
 * of a closed session must be gone. Ends with the plain line {@code chaos: <ok> ok, <failed>
 * failed, <indeterminate> indeterminate, <lost> lost, linearizable=<true|false>}; the history is
 * kept in {@code $CLUSTER_DIR/history.txt}.
 *
 * <p>Threads: one per client, one nemesis, and the clients' own. Every loop ends by itself.
 */
public final class ChaosRunner {
    /** What to run. */
    public record Options(int nodes, int seconds, Set<String> nemesis, long seed, int clients, Path clusterDir,
                          Path script) {}

    /** The outcome, as printed. */
    public record Summary(long ok, long failed, long indeterminate, long lost, boolean linearizable,
                          long longestUnavailableMs, long leaderChanges, int ephemeralsLeft, String line) {}

    /** Registers the clients contend on at any one time. */
    private static final int REGISTERS = 4;
    /**
     * How long one generation of registers is used before the clients move to fresh ones. A
     * register's history then holds at most this long of operations (and of writes whose reply
     * never came, which the search must keep placing), so the check of a 10-minute run costs what
     * twenty 30-second ones do. Linearizability is local, so checking each register on its own is
     * exact: a late write of an old generation can only land on its own, old znode.
     */
    private static final long GENERATION_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Per register: the search may take this many steps (its memo grows with them) or this long. */
    private static final Budget KEY_BUDGET = new Budget(300_000_000L, Duration.ofSeconds(60).toNanos());

    private final Options options;
    private final ChaosCluster cluster;
    private final HistoryRecorder history = new HistoryRecorder();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final AtomicLong lastSuccessNanos = new AtomicLong();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private final Set<String> ackedSequential = ConcurrentHashMap.newKeySet();
    private final Set<Long> epochs = ConcurrentHashMap.newKeySet();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private String connect;

    public ChaosRunner(Options options) {
        this.options = options;
        this.cluster = new ChaosCluster(options.script(), options.clusterDir());
    }

    public static void main(String[] args) throws Exception {
        int nodes = 3;
        int seconds = 60;
        Set<String> nemesis = Set.of("kill", "pause", "partition");
        long seed = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--nemesis" -> nemesis = Set.of(args[++i].split(","));
                case "--seed" -> seed = Long.decode(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("paddock.root", "."));
        Path dir = Path.of(System.getenv().getOrDefault("CLUSTER_DIR", "target/chaos-cluster"));
        Summary summary = new ChaosRunner(new Options(nodes, seconds, nemesis, seed, 2 * nodes + 2, dir,
                root.resolve("scripts/cluster.sh"))).run();
        System.exit(summary.lost() == 0 && summary.linearizable() ? 0 : 1);
    }

    public Summary run() throws Exception {
        note("chaos: seed 0x" + Long.toHexString(options.seed()) + ", " + options.nodes() + " nodes, "
                + options.seconds() + " s, nemesis " + options.nemesis());
        connect = cluster.start(options.nodes());
        try {
            return attack();
        } finally {
            // Whatever happened (a checker that threw included), no process of the run outlives it.
            cluster.stop();
        }
    }

    private Summary attack() throws Exception {
        try (ZooKeeper setup = Zk.connect(connect, 10_000, null)) {
            setup.create("/chaos", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            setup.create("/chaos/seq", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        lastSuccessNanos.set(System.nanoTime());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            int index = i;
            threads.add(start("chaos-client-" + i, () -> clientLoop(index)));
        }
        Thread nemesis = start("chaos-nemesis", this::nemesisLoop);
        nemesis.join(TimeUnit.SECONDS.toMillis(options.seconds() + 60));
        running.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        cluster.healEverything();
        return finish();
    }

    // ---- clients ---------------------------------------------------------------------------------

    private void clientLoop(int index) {
        SplittableRandom random = new SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (index + 1)));
        ChaosClient client = null;
        while (running.get()) {
            try {
                if (client == null || client.expired()) {
                    if (client != null) {
                        client.close();
                    }
                    client = new ChaosClient(this, rotated(index), nextClientId.getAndIncrement(), random);
                }
                client.step();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (client != null) {
                    client.close();
                }
                client = null; // could not connect (the nodes it knows are all down): try again shortly
                pause(200);
            }
        }
        if (client != null) {
            client.close();
        }
    }

    /** The connect string starting at this client's node, so sessions spread over the ensemble. */
    private String rotated(int index) {
        String[] hosts = connect.split(",");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            out.append(i == 0 ? "" : ",").append(hosts[(index + i) % hosts.length]);
        }
        return out.toString();
    }

    HistoryRecorder history() {
        return history;
    }

    boolean running() {
        return running.get();
    }

    /** The registers of the current generation, {@link #REGISTERS} of them. */
    String[] keys() {
        long generation = now() / GENERATION_NANOS;
        String[] keys = new String[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) {
            keys[i] = "/chaos/r" + i + "-g" + generation;
        }
        return keys;
    }

    /** A write or read succeeded at {@code zxid}: the unavailability window closes, the epoch counts. */
    void succeeded(long zxid) {
        long now = System.nanoTime();
        long previous = lastSuccessNanos.getAndSet(now);
        longestGapNanos.accumulateAndGet(now - previous, Math::max);
        if (zxid > 0) {
            epochs.add(zxid >>> 32);
        }
    }

    void acknowledgedSequential(String path) {
        ackedSequential.add(path);
    }

    long now() {
        return System.nanoTime() - startNanos;
    }

    // ---- nemesis --------------------------------------------------------------------------------

    private void nemesisLoop() {
        SplittableRandom random = new SplittableRandom(options.seed());
        List<String> kinds = new ArrayList<>(options.nemesis());
        kinds.sort(null);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
        pause(2000 + random.nextInt(2000));
        while (System.nanoTime() < end) {
            String kind = kinds.get(random.nextInt(kinds.size()));
            int node = 1 + random.nextInt(options.nodes());
            boolean leader = random.nextBoolean();
            long lastingMs = 1000 + random.nextInt(4000);
            try {
                if (leader) {
                    node = cluster.leader().orElse(node);
                }
                fault(kind, node, random, lastingMs);
            } catch (Exception e) {
                note("nemesis: " + kind + " on node " + node + " failed: " + e.getMessage());
                cluster.healEverythingQuietly();
            }
            pause(1000 + random.nextInt(3000));
        }
    }

    private void fault(String kind, int node, SplittableRandom random, long lastingMs) throws Exception {
        switch (kind) {
            case "kill" -> {
                note("nemesis: SIGKILL node " + node + " for " + lastingMs + " ms");
                cluster.run("kill", String.valueOf(node));
                pause(lastingMs);
                cluster.run("restart", String.valueOf(node));
            }
            case "pause" -> {
                note("nemesis: SIGSTOP node " + node + " for " + lastingMs + " ms");
                cluster.run("pause", String.valueOf(node));
                pause(lastingMs);
                cluster.run("resume", String.valueOf(node));
            }
            case "partition" -> {
                note("nemesis: partition node " + node + " off for " + lastingMs + " ms");
                cluster.run("partition", String.valueOf(node));
                pause(lastingMs);
                cluster.run("heal");
            }
            case "oneway" -> {
                int to = node % options.nodes() + 1;
                note("nemesis: cut " + node + " -> " + to + " one way for " + lastingMs + " ms");
                cluster.run("partition", "--oneway", String.valueOf(node), String.valueOf(to));
                pause(lastingMs);
                cluster.run("heal");
            }
            default -> throw new IllegalArgumentException("unknown nemesis " + kind);
        }
    }

    // ---- the verdict ----------------------------------------------------------------------------

    private Summary finish() throws Exception {
        long lost = checkSequentialCreates();
        int ephemeralsLeft = checkEphemeralsGone();
        CheckResult result = LinearizabilityChecker.check(history.history(), KEY_BUDGET);
        long ok = history.history().stream().filter(op -> op.outcome() == io.paddock.sim.check.Outcome.OK).count();
        long failed = history.history().stream().filter(op -> op.outcome() == io.paddock.sim.check.Outcome.FAILED)
                .count();
        long indeterminate = history.history().stream()
                .filter(op -> op.outcome() == io.paddock.sim.check.Outcome.INDETERMINATE).count();
        for (Violation violation : result.violations()) {
            note("NOT LINEARIZABLE: " + violation.text());
            violation.ops().stream().limit(20).forEach(op -> note("    " + op.line()));
        }
        for (String key : result.unknownKeys()) {
            note("linearizability of " + key + " unknown: the search ran out of time");
        }
        writeHistory();
        boolean linearizable = result.isOk();
        long leaderChanges = Math.max(0, epochs.size() - 1);
        note(String.format("chaos summary: %d ops ok, %d failed, %d indeterminate; %d acknowledged sequential creates, "
                        + "%d lost; longest window without a successful op %d ms; %d leader changes (epochs seen %s)",
                ok, failed, indeterminate, ackedSequential.size(), lost, longestGapNanos.get() / 1_000_000,
                leaderChanges, new java.util.TreeSet<>(epochs)));
        String line = "chaos: " + ok + " ok, " + failed + " failed, " + indeterminate + " indeterminate, " + lost
                + " lost, linearizable=" + linearizable;
        note(line);
        return new Summary(ok, failed, indeterminate, lost, linearizable, longestGapNanos.get() / 1_000_000,
                leaderChanges, ephemeralsLeft, line);
    }

    /** Every acknowledged sequential create must be there at the end, read after a sync from every node. */
    private long checkSequentialCreates() throws Exception {
        long lost = 0;
        for (String host : connect.split(",")) {
            try (ZooKeeper zk = Zk.connectForLargeReplies(host, 10_000)) {
                ChaosClient.syncNow(zk, "/chaos/seq");
                Set<String> present = new java.util.HashSet<>(zk.getChildren("/chaos/seq", false));
                long missing = ackedSequential.stream().filter(p -> !present.contains(p.substring("/chaos/seq/".length())))
                        .count();
                if (missing > 0) {
                    note("LOST: node " + host + " lacks " + missing + " acknowledged sequential creates");
                }
                lost = Math.max(lost, missing);
            }
        }
        return lost;
    }

    /**
     * Every client session is closed (or, if its close was lost, expires within its 6 s timeout):
     * then no ephemeral may be left. Returns how many still exist after 30 s.
     */
    private int checkEphemeralsGone() throws Exception {
        try (ZooKeeper zk = Zk.connect(connect, 10_000, null)) {
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ephemerals(zk).isEmpty());
                return 0;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> left = ephemerals(zk);
                note("EPHEMERALS OUTLIVED THEIR SESSIONS: " + left);
                return left.size();
            }
        }
    }

    private static List<String> ephemerals(ZooKeeper zk) throws Exception {
        return zk.getChildren("/chaos", false).stream().filter(name -> name.startsWith("e-")).toList();
    }

    private void writeHistory() throws Exception {
        List<String> lines = new ArrayList<>(log);
        lines.add("---- history ----");
        history.history().forEach(op -> lines.add(op.line()));
        Files.write(options.clusterDir().resolve("history.txt"), lines, StandardCharsets.UTF_8);
    }

    // ---- helpers --------------------------------------------------------------------------------

    void note(String line) {
        String stamped = String.format("[%7.2f s] %s", now() / 1e9, line);
        log.add(stamped);
        System.out.println(stamped);
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A deliberate, fixed-length wait of the nemesis or a retrying client: not a stand-in for a condition. */
    static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ZkOutput error(KeeperException e) {
        return switch (e.code()) {
            case NONODE -> ZkOutput.error(ZkCode.NONODE);
            case NODEEXISTS -> ZkOutput.error(ZkCode.NODEEXISTS);
            case BADVERSION -> ZkOutput.error(ZkCode.BADVERSION);
            default -> null;
        };
    }

    static String value(byte[] data) {
        return ZkInput.data(data);
    }

    static Stat stat() {
        return new Stat();
    }
}
