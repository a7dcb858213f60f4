package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curator 5.9.0 recipes across a SIGKILL of the ensemble's leader: five Curator clients (each
 * with the whole connect string, so they spread over the nodes and move on by themselves) take
 * turns on an InterProcessMutex to increment a shared counter znode with a versioned
 * read-modify-write, while each also runs a LeaderLatch on one latch path. The leader is killed
 * once both are under way. Mutual exclusion must hold (never two holders inside; the counter ends
 * equal to the increments made, none lost), and the latch never has two leaders at once and has
 * exactly one again after the failover.
 *
 * <p>A holder's setData may lose its connection after the server applied it; Curator then
 * retries it and gets BADVERSION. Under the lock nobody else writes the counter, so the holder
 * reads it again: its own value means its write went through, anything else is a lost exclusion.
 */
class CuratorFailoverIT {
    private static final int CLIENTS = 5;
    private static final int ROUNDS = 20;
    private static final int SESSION_MS = 15_000;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();
    private final AtomicInteger increments = new AtomicInteger();
    private final Set<String> latchLeaders = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxLatchLeaders = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Test
    void mutexAndLeaderLatchHoldAcrossTheLeadersSigkill() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        String connect = cluster.start(3);
        List<CuratorFramework> curators = new ArrayList<>();
        List<LeaderLatch> latches = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                CuratorFramework curator = CuratorFrameworkFactory.newClient(connect, SESSION_MS, 5_000,
                        new ExponentialBackoffRetry(100, 10, 1000));
                curator.start();
                assertThat(curator.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
                curators.add(curator);
            }
            curators.get(0).create().forPath("/counter", "0".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < CLIENTS; i++) {
                latches.add(latch(curators.get(i), "c" + i));
            }
            List<Future<?>> contenders = new ArrayList<>();
            for (CuratorFramework curator : curators) {
                contenders.add(pool.submit(() -> contend(curator)));
            }
            await("increments and a latch leader before the kill").atMost(Duration.ofSeconds(60))
                    .until(() -> increments.get() >= CLIENTS * ROUNDS / 3 && latchLeaders.size() == 1);
            int leader = cluster.leader();
            cluster.kill(leader);
            int next = cluster.awaitLeader(leader);
            for (Future<?> contender : contenders) {
                contender.get(120, TimeUnit.SECONDS);
            }
            await("one latch leader after the failover").atMost(Duration.ofSeconds(60))
                    .until(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1);
            String counter = new String(curators.get(0).getData().forPath("/counter"), StandardCharsets.UTF_8);
            System.out.printf("CuratorFailoverIT: leader %d killed, node %d leads; %d increments, counter %s, at most %d "
                    + "holder(s) inside, at most %d latch leader(s)%n", leader, next, increments.get(), counter,
                    maxInside.get(), maxLatchLeaders.get());
            assertThat(violations).isEmpty();
            assertThat(maxInside.get()).as("holders of the mutex at once").isEqualTo(1);
            assertThat(increments.get()).isEqualTo(CLIENTS * ROUNDS);
            assertThat(counter).as("the counter: no lost update").isEqualTo(Integer.toString(CLIENTS * ROUNDS));
            assertThat(maxLatchLeaders.get()).as("latch leaders at once").isEqualTo(1);
        } finally {
            pool.shutdownNow();
            for (LeaderLatch latch : latches) {
                closeQuietly(latch);
            }
            curators.forEach(CuratorFramework::close);
        }
    }

    private LeaderLatch latch(CuratorFramework curator, String id) throws Exception {
        LeaderLatch latch = new LeaderLatch(curator, "/latch", id);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                latchLeaders.add(id);
                int now = latchLeaders.size();
                maxLatchLeaders.accumulateAndGet(now, Math::max);
                if (now > 1) {
                    violations.add("latch leaders at once: " + latchLeaders);
                }
            }

            @Override
            public void notLeader() {
                latchLeaders.remove(id);
            }
        });
        latch.start();
        return latch;
    }

    /** ROUNDS increments of the counter, each under the mutex. */
    private Void contend(CuratorFramework curator) throws Exception {
        InterProcessMutex mutex = new InterProcessMutex(curator, "/locks/counter");
        for (int r = 0; r < ROUNDS; r++) {
            if (!mutex.acquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("mutex not acquired in 60 s");
            }
            try {
                int now = inside.incrementAndGet();
                maxInside.accumulateAndGet(now, Math::max);
                if (now > 1) {
                    violations.add(now + " holders inside the mutex");
                }
                increment(curator);
                inside.decrementAndGet();
            } finally {
                mutex.release();
            }
        }
        return null;
    }

    private void increment(CuratorFramework curator) throws Exception {
        Stat stat = new Stat();
        int value = Integer.parseInt(new String(curator.getData().storingStatIn(stat).forPath("/counter"), StandardCharsets.UTF_8));
        byte[] next = Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8);
        try {
            curator.setData().withVersion(stat.getVersion()).forPath("/counter", next);
        } catch (KeeperException.BadVersionException e) {
            String reread = new String(curator.getData().forPath("/counter"), StandardCharsets.UTF_8);
            if (!reread.equals(Integer.toString(value + 1))) {
                violations.add("counter changed under the lock: read " + value + ", then " + reread);
                return;
            }
        }
        increments.incrementAndGet();
    }

    private static void closeQuietly(LeaderLatch latch) {
        try {
            latch.close();
        } catch (Exception e) {
            // Closing after the test; its connection may be gone.
        }
    }
}
