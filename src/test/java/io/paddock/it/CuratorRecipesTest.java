package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryNTimes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache Curator 5.9.0 recipes against one Paddock node. */
class CuratorRecipesTest {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static CuratorFramework client() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(node.connectString(), 10_000, 5_000,
                new ExponentialBackoffRetry(100, 5));
        client.start();
        assertThat(client.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
        return client;
    }

    @Test
    void mutexGivesMutualExclusionToFiveContenders() throws Exception {
        int contenders = 5;
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<CuratorFramework> clients = new ArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        try (CuratorFramework counterClient = client()) {
            counterClient.create().forPath("/counter", "0".getBytes());
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                CuratorFramework c = client();
                clients.add(c);
                InterProcessMutex mutex = new InterProcessMutex(c, "/locks/mutex");
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        if (!mutex.acquire(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("lock not acquired");
                        }
                        try {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            // read-modify-write without a version: only the lock keeps it correct
                            int value = Integer.parseInt(new String(c.getData().forPath("/counter")));
                            c.setData().forPath("/counter", Integer.toString(value + 1).getBytes());
                            inside.decrementAndGet();
                        } finally {
                            mutex.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertThat(maxInside.get()).isEqualTo(1);
            assertThat(new String(counterClient.getData().forPath("/counter"))).isEqualTo(Integer.toString(contenders * rounds));
        } finally {
            clients.forEach(CuratorFramework::close);
            pool.shutdownNow();
        }
    }

    @Test
    void leaderLatchElectsOneAndHandsOver() throws Exception {
        try (CuratorFramework a = client(); CuratorFramework b = client()) {
            LeaderLatch first = new LeaderLatch(a, "/latch", "a");
            LeaderLatch second = new LeaderLatch(b, "/latch", "b");
            first.start();
            second.start();
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> first.hasLeadership() || second.hasLeadership());
            assertThat(first.hasLeadership() && second.hasLeadership()).isFalse();
            LeaderLatch leader = first.hasLeadership() ? first : second;
            LeaderLatch follower = leader == first ? second : first;
            leader.close();
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(follower::hasLeadership);
            follower.close();
        }
    }

    @Test
    void distributedAtomicLongCountsEveryIncrement() throws Exception {
        try (CuratorFramework a = client(); CuratorFramework b = client()) {
            DistributedAtomicLong x = new DistributedAtomicLong(a, "/atomic", new RetryNTimes(50, 10));
            DistributedAtomicLong y = new DistributedAtomicLong(b, "/atomic", new RetryNTimes(50, 10));
            for (int i = 0; i < 25; i++) {
                assertThat(x.increment().succeeded()).isTrue();
                assertThat(y.increment().succeeded()).isTrue();
            }
            AtomicValue<Long> value = x.get();
            assertThat(value.succeeded()).isTrue();
            assertThat(value.postValue()).isEqualTo(50L);
        }
    }

    @Test
    void curatorCacheSeesCreatesUpdatesAndDeletes() throws Exception {
        try (CuratorFramework c = client()) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (CuratorCache cache = CuratorCache.build(c, "/cache")) {
                cache.listenable().addListener(CuratorCacheListener.builder()
                        .forCreates(n -> events.add("create " + n.getPath()))
                        .forChanges((o, n) -> events.add("change " + n.getPath() + " " + new String(n.getData())))
                        .forDeletes(n -> events.add("delete " + n.getPath()))
                        .build());
                cache.start();
                List<String> seen = new ArrayList<>();
                // Each step waits for the cache to report the previous one: a change made before the
                // cache has read the node would be folded into the create, as with any server.
                c.create().creatingParentsIfNeeded().forPath("/cache/a", "1".getBytes());
                awaitEvent(events, seen, "create /cache/a");
                c.setData().forPath("/cache/a", "2".getBytes());
                awaitEvent(events, seen, "change /cache/a 2");
                c.delete().forPath("/cache/a");
                awaitEvent(events, seen, "delete /cache/a");
                assertThat(seen).containsSubsequence("create /cache/a", "change /cache/a 2", "delete /cache/a");
            }
        }
    }

    private static void awaitEvent(BlockingQueue<String> events, List<String> seen, String expected) {
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> {
            events.drainTo(seen);
            return seen.contains(expected);
        });
    }

    @Test
    void doubleBarrierLetsAllInAndOut() throws Exception {
        int members = 3;
        ExecutorService pool = Executors.newFixedThreadPool(members);
        List<CuratorFramework> clients = new ArrayList<>();
        List<String> log = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                CuratorFramework c = client();
                clients.add(c);
                int id = i;
                futures.add(pool.submit(() -> {
                    DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(c, "/barrier", members);
                    if (!barrier.enter(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("enter timed out");
                    }
                    log.add("in " + id);
                    if (!barrier.leave(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("leave timed out");
                    }
                    log.add("out " + id);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
            // Every member entered before any member left.
            int lastIn = 0;
            int firstOut = Integer.MAX_VALUE;
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).startsWith("in")) {
                    lastIn = i;
                } else {
                    firstOut = Math.min(firstOut, i);
                }
            }
            assertThat(log).hasSize(2 * members);
            assertThat(lastIn).isLessThan(firstOut);
        } finally {
            clients.forEach(CuratorFramework::close);
            pool.shutdownNow();
        }
    }

    @Test
    void distributedQueueDeliversEveryItemInOrder() throws Exception {
        try (CuratorFramework producer = client(); CuratorFramework consumerClient = client()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            QueueSerializer<String> serializer = new QueueSerializer<>() {
                @Override
                public byte[] serialize(String item) {
                    return item.getBytes();
                }

                @Override
                public String deserialize(byte[] bytes) {
                    return new String(bytes);
                }
            };
            QueueConsumer<String> consumer = new QueueConsumer<>() {
                @Override
                public void consumeMessage(String message) {
                    received.add(message);
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState newState) {
                }
            };
            try (DistributedQueue<String> in = QueueBuilder.builder(producer, null, serializer, "/queue").buildQueue();
                 DistributedQueue<String> out = QueueBuilder.builder(consumerClient, consumer, serializer, "/queue")
                         .buildQueue()) {
                in.start();
                out.start();
                for (int i = 0; i < 20; i++) {
                    in.put("item-" + i);
                }
                List<String> got = new ArrayList<>();
                Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> {
                    received.drainTo(got);
                    return got.size() >= 20;
                });
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    expected.add("item-" + i);
                }
                assertThat(got).containsExactlyElementsOf(expected);
            }
        }
    }
}
