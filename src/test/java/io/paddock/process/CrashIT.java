package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 4's crash test with real processes: each round starts the node on the same data
 * directory, runs a write load of {@link #WRITERS} async clients, kills the process with
 * SIGKILL after a random number of acknowledged ops (so the kill lands during the load), and
 * checks on restart that every acknowledged write is durable, multis are all-or-nothing, and
 * sessions and ephemerals are as ZooKeeper would have them.
 *
 * <p>Each round abandons six sessions at the kill (writers, the short one, the verifier); as in
 * ZooKeeper a restart gives every recovered session a fresh timeout, so they pile up across
 * rounds and all expire after the last start (the final check waits for the short ones'
 * ephemerals to go).
 *
 * <p>{@code -Dcrash.rounds=N} (default 30) and {@code -Dcrash.seed=S} (default: time, printed)
 * control the run; scripts/crash-loop.sh runs it for many rounds.
 */
class CrashIT {
    static final int WRITERS = 4;
    private static final int LIVE_SESSION_MS = 30_000;
    private static final int SHORT_SESSION_MS = 4_000;
    private static final int WRITER_SESSION_MS = 10_000;
    private static final Duration ROUND_LOAD_LIMIT = Duration.ofSeconds(60);
    private static final Map<String, String> CFG = Map.of("tickTime", "1000", "maxSessionTimeout", "60000");

    @RegisterExtension
    final NodeLogs logs = new NodeLogs();

    @TempDir
    Path tmp;

    private final CrashModel model = new CrashModel();
    private final List<Long> restartMs = new ArrayList<>();

    /** What a round leaves behind for the next one to check. */
    record Round(int number, long liveId, byte[] livePasswd, String livePath, long shortId, String shortPath,
            long zxidBeforeKill) {}

    @BeforeAll
    static void quietClientLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(Level.ERROR);
    }

    @Test
    void acknowledgedWritesSurviveSigkillDuringLoad() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        int rounds = Integer.getInteger("crash.rounds", 30);
        System.out.printf("CrashIT: seed %d, %d rounds (rerun with -Dcrash.seed=%d)%n", seed, rounds, seed);
        SplittableRandom random = new SplittableRandom(seed);
        ProcessNode node = logs.track(new ProcessNode(tmp.resolve("work"), tmp.resolve("data"), ProcessNode.freePort(), CFG));
        long began = System.nanoTime();
        try {
            Round previous = null;
            for (int r = 0; r <= rounds; r++) {
                restartMs.add(node.start());
                ZooKeeper verifier = Zk.connect(node.connectString(), WRITER_SESSION_MS, null);
                try {
                    if (previous == null) {
                        setUp(verifier);
                    } else {
                        verify(verifier, node, previous);
                    }
                    if (r == rounds) {
                        awaitAbandonedEphemeralsExpire(verifier);
                    } else {
                        previous = crashRound(node, verifier, r, random.split());
                    }
                } finally {
                    RestartIT.closeQuietly(verifier);
                }
            }
            node.stop();
            printRecoveryFigures(node);
            System.out.printf("CrashIT: %d rounds, %d acknowledged ops, restart to serving min/avg/max %d/%d/%d ms, "
                    + "%d s in all%n", rounds, model.totalAcked.get(), restartMs.stream().mapToLong(x -> x).min().orElse(0),
                    (long) restartMs.stream().mapToLong(x -> x).average().orElse(0),
                    restartMs.stream().mapToLong(x -> x).max().orElse(0), (System.nanoTime() - began) / 1_000_000_000);
        } finally {
            node.close();
        }
    }

    /** The node's own recovery lines: replay time of the last start and how often a torn tail was cut. */
    private static void printRecoveryFigures(ProcessNode node) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(node.logFile(), StandardCharsets.UTF_8);
        String lastRecovery = "";
        int repairs = 0;
        for (String line : lines) {
            if (line.contains("Recovery - recovered ")) {
                lastRecovery = line.substring(line.indexOf("recovered "));
            } else if (line.contains("txn log recovery:")) {
                repairs++;
            }
        }
        System.out.printf("CrashIT: last start %s; %d txn-log repair warnings in all starts%n", lastRecovery, repairs);
    }

    private void setUp(ZooKeeper zk) throws Exception {
        create(zk, "/crash", CreateMode.PERSISTENT);
        create(zk, "/crash/pairs", CreateMode.PERSISTENT);
        create(zk, "/crash/eph", CreateMode.PERSISTENT);
        for (int w = 0; w < WRITERS; w++) {
            create(zk, LoadWriter.parent(w), CreateMode.PERSISTENT);
            for (int k = 0; k < LoadWriter.KEYS; k++) {
                zk.create(LoadWriter.key(w, k), bytes(CrashModel.value(0)), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                model.keys.put(LoadWriter.key(w, k), new CrashModel.KeyState());
            }
        }
    }

    /** Ephemerals, then the load; kills the node after a random number of acknowledged ops. */
    private Round crashRound(ProcessNode node, ZooKeeper verifier, int number, SplittableRandom random) throws Exception {
        ZooKeeper closed = Zk.connect(node.connectString(), LIVE_SESSION_MS, null);
        try {
            create(closed, "/crash/eph/closed-r" + number + "-a", CreateMode.EPHEMERAL);
            create(closed, "/crash/eph/closed-r" + number + "-b", CreateMode.EPHEMERAL);
        } finally {
            closed.close();
        }
        assertThat(verifier.getChildren("/crash/eph", false)).noneMatch(n -> n.startsWith("closed-"));
        List<ZooKeeper> abandoned = new ArrayList<>();
        List<LoadWriter> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            ZooKeeper live = open(abandoned, node, LIVE_SESSION_MS);
            String livePath = create(live, "/crash/eph/live-r" + number, CreateMode.EPHEMERAL);
            ZooKeeper shortLived = open(abandoned, node, SHORT_SESSION_MS);
            String shortPath = create(shortLived, "/crash/eph/short-r" + number, CreateMode.EPHEMERAL);
            model.roundAcked.set(0);
            for (int w = 0; w < WRITERS; w++) {
                LoadWriter writer = new LoadWriter(open(abandoned, node, WRITER_SESSION_MS), w, model, random.split());
                writers.add(writer);
                threads.add(new Thread(writer, "crash-writer-" + w));
            }
            long target = random.nextLong(20, 1500);
            long loadStart = System.nanoTime();
            threads.forEach(Thread::start);
            await("round " + number + ": " + target + " acknowledged ops").atMost(ROUND_LOAD_LIMIT)
                    .pollInterval(Duration.ofMillis(2)).pollInSameThread()
                    .until(() -> model.roundAcked.get() >= target || writers.stream().anyMatch(x -> x.failure() != null));
            long zxidBeforeKill = node.zxid();
            long pid = node.pid();
            node.kill9();
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            writers.forEach(LoadWriter::stop);
            Round round = new Round(number, live.getSessionId(), live.getSessionPasswd(), livePath,
                    shortLived.getSessionId(), shortPath, zxidBeforeKill);
            stopAll(threads, abandoned, writers);
            System.out.printf("CrashIT round %d: restart %d ms, killed pid %d after %d ms at %d acks (target %d),"
                    + " zxid 0x%x, %d acked in all%n", number, restartMs.get(restartMs.size() - 1), pid, loadMs,
                    model.roundAcked.get(), target, zxidBeforeKill, model.totalAcked.get());
            return round;
        } finally {
            writers.forEach(LoadWriter::stop);
            closeAll(abandoned);
        }
    }

    /** A new session that the round abandons: closed only while the node is down. */
    private static ZooKeeper open(List<ZooKeeper> opened, ProcessNode node, int timeoutMs) throws Exception {
        ZooKeeper zk = Zk.connect(node.connectString(), timeoutMs, null);
        opened.add(zk);
        return zk;
    }

    /** Stops the writer threads, closes every client (the node is down) and waits for all callbacks. */
    private static void stopAll(List<Thread> threads, List<ZooKeeper> clients, List<LoadWriter> writers)
            throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
        }
        closeAll(clients);
        await("every callback in").atMost(Duration.ofSeconds(30)).until(() -> writers.stream().allMatch(LoadWriter::drained));
        for (LoadWriter writer : writers) {
            assertThat(writer.failure()).isNull();
        }
    }

    /**
     * Closes clients in parallel: while the node is down each close only ends the client's
     * threads (no closeSession reaches a node), which can take up to a reconnect back-off.
     */
    private static void closeAll(List<ZooKeeper> clients) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(clients.size());
        for (ZooKeeper zk : clients) {
            Thread t = new Thread(() -> {
                RestartIT.closeQuietly(zk);
                closed.countDown();
            }, "close-client");
            t.setDaemon(true);
            t.start();
        }
        assertThat(closed.await(30, TimeUnit.SECONDS)).as("clients closed").isTrue();
        clients.clear();
    }

    private void verify(ZooKeeper zk, ProcessNode node, Round previous) throws Exception {
        Stat shortStat = zk.exists(previous.shortPath(), false);
        assertThat(shortStat).as("round %d: ephemeral of an unexpired session right after restart", previous.number())
                .isNotNull();
        assertThat(shortStat.getEphemeralOwner()).isEqualTo(previous.shortId());
        long zxid = node.zxid();
        assertThat(zxid).as("zxid after restart vs before the kill").isGreaterThanOrEqualTo(previous.zxidBeforeKill());
        assertThat(zxid).as("zxid after restart vs acknowledged").isGreaterThanOrEqualTo(model.maxAckedZxid.get());
        verifyLiveSession(zk, node, previous);
        verifyCreates(zk);
        verifyKeys(zk);
        verifyPairs(zk);
    }

    private void verifyLiveSession(ZooKeeper zk, ProcessNode node, Round previous) throws Exception {
        ZooKeeper live = Zk.reattach(node.connectString(), LIVE_SESSION_MS, previous.liveId(), previous.livePasswd());
        try {
            assertThat(live.getSessionId()).isEqualTo(previous.liveId());
            Stat stat = live.exists(previous.livePath(), false);
            assertThat(stat).as("live session's ephemeral after restart").isNotNull();
            assertThat(stat.getEphemeralOwner()).isEqualTo(previous.liveId());
        } finally {
            live.close();
        }
        assertThat(zk.exists(previous.livePath(), false)).as("ephemeral after its session closed").isNull();
        assertThat(zk.getChildren("/crash/eph", false)).as("only abandoned short sessions' ephemerals remain")
                .allMatch(n -> n.startsWith("short-r"));
    }

    private void verifyCreates(ZooKeeper zk) throws Exception {
        Set<String> present = new HashSet<>();
        for (int w = 0; w < WRITERS; w++) {
            String parent = LoadWriter.parent(w);
            List<String> children = zk.getChildren(parent, false);
            long issued = model.createsIssued.containsKey(parent) ? model.createsIssued.get(parent).get() : 0;
            assertThat((long) children.size()).as("children of %s vs creates issued", parent).isLessThanOrEqualTo(issued);
            children.forEach(c -> present.add(parent + "/" + c));
        }
        List<String> missing = new ArrayList<>();
        for (String path : model.created.keySet()) {
            if (!present.contains(path)) {
                missing.add(path);
            }
        }
        assertThat(missing).as("acknowledged creates missing after restart").isEmpty();
        List<String> wrong = new ArrayList<>();
        CountDownLatch reads = new CountDownLatch(model.createdThisRound.size());
        model.createdThisRound.forEach((path, data) -> zk.getData(path, false, (rc, p, ctx, bytes, stat) -> {
            if (rc != 0 || !data.equals(new String(bytes, StandardCharsets.UTF_8))) {
                synchronized (wrong) {
                    wrong.add(p + " rc " + rc);
                }
            }
            reads.countDown();
        }, null));
        assertThat(reads.await(60, TimeUnit.SECONDS)).as("data reads answered").isTrue();
        assertThat(wrong).as("acknowledged creates with wrong data").isEmpty();
        model.createdThisRound.clear();
    }

    private void verifyKeys(ZooKeeper zk) throws Exception {
        for (Map.Entry<String, CrashModel.KeyState> e : model.keys.entrySet()) {
            CrashModel.KeyState state = e.getValue();
            Stat stat = new Stat();
            long seq = CrashModel.seqOf(new String(zk.getData(e.getKey(), false, stat), StandardCharsets.UTF_8));
            String what = e.getKey() + " acked seq " + state.seq + " v" + state.version + ", issued " + state.issued
                    + ", found seq " + seq + " v" + stat.getVersion();
            assertThat(stat.getVersion()).as(what).isGreaterThanOrEqualTo(state.version);
            assertThat(seq).as(what).isBetween(state.seq, state.issued);
            if (seq == state.seq) {
                assertThat(stat.getVersion()).as(what).isEqualTo(state.version);
            }
            // What a restarted node serves is durable: later rounds must not fall below it.
            state.acknowledge(seq, stat.getVersion());
        }
    }

    private void verifyPairs(ZooKeeper zk) throws Exception {
        Set<String> present = new HashSet<>(zk.getChildren("/crash/pairs", false));
        List<String> wrong = new ArrayList<>();
        for (long pair : model.pairsIssued) {
            boolean a = present.contains("p" + pair + "-a");
            boolean b = present.contains("p" + pair + "-b");
            if (a != b) {
                wrong.add("pair " + pair + " half-applied: a=" + a + " b=" + b);
            } else if (!a && model.pairsDurable.contains(pair)) {
                wrong.add("pair " + pair + " acknowledged but missing");
            } else if (a) {
                model.pairsDurable.add(pair);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(present).hasSize(2 * model.pairsDurable.size());
    }

    /** With nobody reattaching, every abandoned short session expires and its ephemeral goes. */
    private static void awaitAbandonedEphemeralsExpire(ZooKeeper zk) {
        await("abandoned sessions' ephemerals deleted by expiry").atMost(Duration.ofSeconds(SHORT_SESSION_MS / 1000 * 5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> zk.getChildren("/crash/eph", false).isEmpty());
    }

    private static String create(ZooKeeper zk, String path, CreateMode mode) throws KeeperException, InterruptedException {
        return zk.create(path, bytes("x"), Ids.OPEN_ACL_UNSAFE, mode);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
