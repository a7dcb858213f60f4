package io.paddock.process;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * One writer thread of the crash load: its own ZooKeeper session issuing async sequential
 * creates under its parent, setData on its own keys and two-node multis, at most
 * {@link #IN_FLIGHT} at a time. Every success callback records into the {@link CrashModel};
 * failures (connection loss at the kill) record nothing.
 */
final class LoadWriter implements Runnable {
    static final int IN_FLIGHT = 32;
    static final int KEYS = 8;

    private final ZooKeeper zk;
    private final int id;
    private final CrashModel model;
    private final SplittableRandom random;
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private volatile boolean stopped;
    private volatile Throwable failure;

    LoadWriter(ZooKeeper zk, int id, CrashModel model, SplittableRandom random) {
        this.zk = zk;
        this.id = id;
        this.model = model;
        this.random = random;
    }

    static String parent(int writer) {
        return "/crash/w" + writer;
    }

    static String key(int writer, int k) {
        return "/crash/k" + writer + "-" + k;
    }

    void stop() {
        stopped = true;
    }

    /** True once every issued op has had its callback. */
    boolean drained() {
        return permits.availablePermits() == IN_FLIGHT;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                if (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int dice = random.nextInt(100);
                if (dice < 50) {
                    create();
                } else if (dice < 85) {
                    setData(random.nextInt(KEYS));
                } else {
                    multi();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void create() {
        String parent = parent(id);
        long n = model.createsIssued.computeIfAbsent(parent, p -> new java.util.concurrent.atomic.AtomicLong())
                .incrementAndGet();
        String data = "w" + id + "-" + n;
        zk.create(parent + "/n-", data.getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL, (rc, path, ctx, name, stat) -> {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        model.created.put(name, data);
                        model.createdThisRound.put(name, data);
                        model.acked(stat.getMzxid());
                    }
                    permits.release();
                }, null);
    }

    private void setData(int k) {
        String key = key(id, k);
        CrashModel.KeyState state = model.keys.get(key);
        long seq = ++state.issued;
        zk.setData(key, CrashModel.value(seq).getBytes(StandardCharsets.UTF_8), -1, (rc, path, ctx, stat) -> {
            if (rc == KeeperException.Code.OK.intValue()) {
                state.acknowledge(seq, stat.getVersion());
                model.acked(stat.getMzxid());
            }
            permits.release();
        }, null);
    }

    private void multi() {
        long pair = model.pairIds.incrementAndGet();
        model.pairsIssued.add(pair);
        byte[] data = ("pair" + pair).getBytes(StandardCharsets.UTF_8);
        List<Op> ops = List.of(
                Op.create("/crash/pairs/p" + pair + "-a", data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/crash/pairs/p" + pair + "-b", data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        zk.multi(ops, (rc, path, ctx, results) -> {
            if (rc == KeeperException.Code.OK.intValue()) {
                model.pairsDurable.add(pair);
                model.acked(0);
            }
            permits.release();
        }, null);
    }
}
