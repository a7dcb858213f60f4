package io.paddock.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A steady create load on an ensemble: one session and one thread per writer, each issuing async
 * persistent creates of unique names {@code parent/w<writer>-<n>} (data = the name), at most
 * {@code inFlight} at a time, and recording every op: when it was issued, its result code,
 * when the reply came and, for a success, the created znode's czxid. A writer issues nothing
 * while its client is disconnected (it waits for the reconnect, bounded per turn), so a failover
 * does not turn into a flood of instant connection losses.
 *
 * <p>Threads: the writers' own, plus each client's event thread running the callbacks; the op
 * table is concurrent. Invariant: an op's outcome is recorded once, by its callback, and
 * {@link #drained()} is true once every issued op has one. {@link #close()} stops the writers and
 * closes the sessions.
 */
final class CreateLoad implements AutoCloseable {
    static final int IN_FLIGHT_DEFAULT = 16;

    /** One create: issued at {@code issuedNanos}; rc, reply time and czxid once answered. */
    static final class Op {
        final String path;
        final long issuedNanos;
        volatile int rc = Integer.MIN_VALUE;
        volatile long repliedNanos;
        volatile long czxid;

        Op(String path, long issuedNanos) {
            this.path = path;
            this.issuedNanos = issuedNanos;
        }

        boolean ok() {
            return rc == KeeperException.Code.OK.intValue();
        }
    }

    private final String parent;
    private final List<Writer> writers = new ArrayList<>();
    private final Map<String, Op> ops = new ConcurrentHashMap<>();
    private final AtomicLong acked = new AtomicLong();
    private final int inFlight;
    private volatile boolean stopped;
    private volatile boolean paused;

    /**
     * Connects one writer per entry of {@code nodeOrders} (client ports, tried in that order) and
     * starts them, each with at most {@code inFlight} creates outstanding; {@code parent} must exist.
     */
    CreateLoad(String parent, List<List<Integer>> nodeOrders, int sessionMs, int inFlight) throws Exception {
        this.parent = parent;
        this.inFlight = inFlight;
        for (int w = 0; w < nodeOrders.size(); w++) {
            writers.add(new Writer(w, nodeOrders.get(w), sessionMs));
        }
        for (Writer writer : writers) {
            writer.thread.start();
        }
    }

    /** {@link #IN_FLIGHT_DEFAULT} creates outstanding per writer. */
    CreateLoad(String parent, List<List<Integer>> nodeOrders, int sessionMs) throws Exception {
        this(parent, nodeOrders, sessionMs, IN_FLIGHT_DEFAULT);
    }

    /** Successful creates so far. */
    long ackedCount() {
        return acked.get();
    }

    /** Successful creates of ops issued after {@code nanos}. */
    long ackedIssuedAfter(long nanos) {
        return ops.values().stream().filter(op -> op.ok() && op.issuedNanos > nanos).count();
    }

    /** The earliest reply time of a success of an op issued after {@code nanos}. */
    OptionalLong firstAckOfIssuedAfter(long nanos) {
        return ops.values().stream().filter(op -> op.ok() && op.issuedNanos > nanos).mapToLong(op -> op.repliedNanos).min();
    }

    /** Every acknowledged create: path to czxid. */
    Map<String, Long> acked() {
        Map<String, Long> acks = new TreeMap<>();
        ops.values().stream().filter(Op::ok).forEach(op -> acks.put(op.path, op.czxid));
        return acks;
    }

    /** Every issued op by path. */
    Map<String, Op> ops() {
        return ops;
    }

    /** How many ops ended with each result code (by name). */
    Map<String, Long> resultCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Op op : ops.values()) {
            String name = op.rc == Integer.MIN_VALUE ? "PENDING" : KeeperException.Code.get(op.rc).name();
            counts.merge(name, 1L, Long::sum);
        }
        return counts;
    }

    /** Stops issuing until {@link #resume()}; ops in flight still get their callbacks. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** Stops issuing for good; ops in flight still get their callbacks. */
    void stop() {
        stopped = true;
    }

    /** True once every issued op has its outcome. */
    boolean drained() {
        return writers.stream().allMatch(w -> w.permits.availablePermits() == inFlight);
    }

    /** The writers' sessions. */
    List<ZooKeeper> sessions() {
        return writers.stream().map(w -> w.zk).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Writer writer : writers) {
            writer.thread.join(TimeUnit.SECONDS.toMillis(10));
            RestartIT.closeQuietly(writer.zk);
        }
    }

    /** One session and its issuing thread. */
    private final class Writer {
        final int id;
        final ZooKeeper zk;
        final Thread thread;
        final Semaphore permits = new Semaphore(inFlight);
        final Object connection = new Object();
        long next;

        Writer(int id, List<Integer> ports, int sessionMs) throws Exception {
            this.id = id;
            this.zk = Zk.connectInOrder(ports, sessionMs, e -> {
                synchronized (connection) {
                    connection.notifyAll();
                }
            });
            this.thread = new Thread(this::run, "create-load-" + id);
            this.thread.setDaemon(true);
        }

        private void run() {
            try {
                while (!stopped) {
                    if (!awaitConnected() || !permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    if (paused) {
                        permits.release();
                        continue;
                    }
                    issue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits up to 50 ms for the client to be connected (woken by its watcher) and the load not paused. */
        private boolean awaitConnected() throws InterruptedException {
            synchronized (connection) {
                if (paused || !zk.getState().isConnected()) {
                    connection.wait(50);
                }
            }
            return !paused && zk.getState().isConnected();
        }

        private void issue() {
            String path = parent + "/w" + id + "-" + next++;
            Op op = new Op(path, System.nanoTime());
            ops.put(path, op);
            zk.create(path, path.getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (int rc, String p, Object ctx, String name, Stat stat) -> {
                        op.repliedNanos = System.nanoTime();
                        if (stat != null) {
                            op.czxid = stat.getCzxid();
                        }
                        op.rc = rc;
                        if (op.ok()) {
                            acked.incrementAndGet();
                        }
                        permits.release();
                    }, null);
        }
    }
}
