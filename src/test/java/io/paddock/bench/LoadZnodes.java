package io.paddock.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Fills a ZooKeeper-protocol server with persistent znodes, through the official ZooKeeper 3.9.5
 * client's asynchronous API, for the storage benchmark ({@code scripts/bench-storage.sh}).
 *
 * <p>Layout: {@code /bench} (empty), then {@code --parents} parents {@code /bench/pNNNN} (empty),
 * then {@code --count} leaves {@code /bench/pNNNN/nNNNNNNN} of {@code --size} bytes each; leaf
 * {@code i} lives under parent {@code i % parents}. Only plain {@code create} requests are sent
 * (no {@code multi}), so every server receives exactly the same sequence of create txns.
 *
 * <p>With {@code --op set} it instead sends {@code --count} {@code setData} requests (version -1) to
 * the leaves of an existing layout of {@code --leaves} leaves (default {@code --count}), leaf
 * {@code i % leaves} for request {@code i}: a steady write load on a full tree that does not grow
 * it, used to measure what a snapshot of the full tree costs the server.
 *
 * <p>{@code --rate R} (requests per second over all sessions; 0, the default, means as fast as
 * the in-flight limit allows) paces the requests, so that a server that is not saturated can
 * show its own stalls (a saturated server's event loop is always busy, which hides them).
 *
 * <p>Concurrency: {@code --sessions} sessions, each with at most {@code --inflight} requests
 * outstanding (a semaphore released in the callback); leaves are dealt round-robin to sessions.
 * Nothing retries: a failed create is counted by its result code and reported. The whole run is
 * bounded by {@code --timeout-seconds}; when it expires the loader reports what it did and exits 3.
 *
 * <p>Output: one human line on stderr and one JSON object on stdout, e.g.
 * {@code {"created":1000000,"errors":0,"seconds":61.2,"per_s":16339,...}}. Exit codes: 0 all
 * created, 1 some creates failed, 2 could not connect or set up, 3 timed out.
 */
public final class LoadZnodes {
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private LoadZnodes() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String connect = opts.getOrDefault("connect", "127.0.0.1:2181");
        long count = Long.parseLong(opts.getOrDefault("count", "1000000"));
        long leaves = Long.parseLong(opts.getOrDefault("leaves", Long.toString(count)));
        int parents = Integer.parseInt(opts.getOrDefault("parents", Long.toString(defaultParents(leaves))));
        boolean set = switch (opts.getOrDefault("op", "create")) {
            case "create" -> false;
            case "set" -> true;
            default -> throw new IllegalArgumentException("--op is create or set");
        };
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "8"));
        int inflight = Integer.parseInt(opts.getOrDefault("inflight", "200"));
        int size = Integer.parseInt(opts.getOrDefault("size", "100"));
        long timeoutSeconds = Long.parseLong(opts.getOrDefault("timeout-seconds", "1800"));
        int sessionTimeoutMs = Integer.parseInt(opts.getOrDefault("session-timeout-ms", "30000"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        System.exit(run(new Plan(connect, set, count, leaves, parents, sessions, inflight, size, timeoutSeconds,
                sessionTimeoutMs, rate)));
    }

    /** A few thousand parents at most, about 500 leaves each, as a realistic fan-out. */
    static long defaultParents(long count) {
        return Math.max(1, Math.min(2000, count / 500));
    }

    /** What one run does; see the class comment for each option. */
    record Plan(String connect, boolean set, long count, long leaves, int parents, int sessions, int inflight,
            int size, long timeoutSeconds, int sessionTimeoutMs, double rate) {}

    private static int run(Plan plan) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.timeoutSeconds());
        List<ZooKeeper> zks = new ArrayList<>();
        try {
            for (int s = 0; s < plan.sessions(); s++) {
                zks.add(connect(plan.connect(), plan.sessionTimeoutMs()));
            }
        } catch (IOException | IllegalStateException e) {
            System.err.println("load: cannot connect to " + plan.connect() + ": " + e.getMessage());
            closeAll(zks);
            return 2;
        }
        Counters counters = new Counters();
        long started = System.nanoTime();
        try {
            if (!plan.set()) {
                setUp(zks.get(0), plan.parents());
            }
        } catch (KeeperException e) {
            System.err.println("load: setup failed: " + e);
            closeAll(zks);
            return 2;
        }
        byte[] data = payload(plan.size());
        Thread[] workers = new Thread[plan.sessions()];
        for (int s = 0; s < plan.sessions(); s++) {
            int session = s;
            workers[s] = new Thread(() -> feed(zks.get(session), session, plan, data, deadline, counters), "load-" + s);
            workers[s].start();
        }
        boolean inTime = true;
        for (Thread w : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            w.join(Math.max(1, left));
            inTime &= !w.isAlive();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        closeAll(zks);
        long done = counters.created.get();
        long errors = counters.errors.get();
        String op = plan.set() ? "set" : "create";
        System.err.printf(Locale.ROOT, "load: %d %s ok, %d errors in %.1f s (%.0f/s)%s%n", done, op, errors, seconds,
                done / seconds, inTime ? "" : ", TIMED OUT");
        System.out.printf(Locale.ROOT,
                "{\"op\":\"%s\",\"created\":%d,\"errors\":%d,\"error_codes\":\"%s\",\"parents\":%d,\"size\":%d,"
                        + "\"sessions\":%d,\"inflight\":%d,\"seconds\":%.3f,\"per_s\":%.0f,\"timed_out\":%b}%n",
                op, done, errors, counters.codes(), plan.parents(), plan.size(), plan.sessions(), plan.inflight(),
                seconds, done / seconds, !inTime);
        if (!inTime) {
            return 3;
        }
        return errors == 0 ? 0 : 1;
    }

    /** Opens one session and waits until it is connected. */
    private static ZooKeeper connect(String connect, int sessionTimeoutMs) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, sessionTimeoutMs, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException("not connected after " + CONNECT_TIMEOUT_MS + " ms");
        }
        return zk;
    }

    /** Creates /bench and its parents synchronously; they are few, so speed does not matter. */
    private static void setUp(ZooKeeper zk, int parents) throws KeeperException, InterruptedException {
        zk.create("/bench", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int p = 0; p < parents; p++) {
            zk.create(parentPath(p), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /** Issues this session's share of the leaves and waits for every answer (or the deadline). */
    private static void feed(ZooKeeper zk, int session, Plan plan, byte[] data, long deadline, Counters counters) {
        Semaphore permits = new Semaphore(plan.inflight());
        AsyncCallback.StringCallback created = (rc, path, ctx, name) -> counters.answered(rc, permits);
        AsyncCallback.StatCallback set = (rc, path, ctx, stat) -> counters.answered(rc, permits);
        long started = System.nanoTime();
        double gapNanos = plan.rate() > 0 ? 1e9 * plan.sessions() / plan.rate() : 0;
        long issued = 0;
        try {
            for (long i = session; i < plan.count(); i += plan.sessions()) {
                if (gapNanos > 0) {
                    long wait = started + (long) (issued++ * gapNanos) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if (!permits.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (plan.set()) {
                    zk.setData(leafPath(i % plan.leaves(), plan.parents()), data, -1, set, null);
                } else {
                    zk.create(leafPath(i, plan.parents()), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                            created, null);
                }
            }
            permits.tryAcquire(plan.inflight(), Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String parentPath(long p) {
        return String.format(Locale.ROOT, "/bench/p%04d", p);
    }

    static String leafPath(long i, int parents) {
        return String.format(Locale.ROOT, "/bench/p%04d/n%07d", i % parents, i);
    }

    /** Printable, fixed content of the given size, so snapshots cannot compress it to nothing. */
    static byte[] payload(int size) {
        byte[] seed = "paddock-storage-benchmark-0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = seed[(i * 7) % seed.length];
        }
        return data;
    }

    private static void closeAll(List<ZooKeeper> zks) throws InterruptedException {
        for (ZooKeeper zk : zks) {
            zk.close();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LoadZnodes --connect H:P --count N [--parents P] "
                        + "[--op create|set] [--leaves L] [--rate R] [--sessions S] [--inflight I] [--size B] [--timeout-seconds T] [--session-timeout-ms M]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    /** Results shared by the client's callback threads. */
    private static final class Counters {
        final AtomicLong created = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        /** Failures by result code; codes lie between -130 and 0, offset by 200 to index the array. */
        final AtomicLongArray byCode = new AtomicLongArray(256);

        void answered(int rc, Semaphore permits) {
            if (rc == 0) {
                created.incrementAndGet();
            } else {
                error(rc);
            }
            permits.release();
        }

        void error(int rc) {
            errors.incrementAndGet();
            byCode.incrementAndGet(Math.floorMod(rc + 200, 256));
        }

        String codes() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < byCode.length(); i++) {
                long n = byCode.get(i);
                if (n > 0) {
                    out.append(out.length() == 0 ? "" : " ").append(KeeperException.Code.get(i - 200)).append('=').append(n);
                }
            }
            return out.toString();
        }
    }
}
