package io.paddock.process;

import io.paddock.sim.check.HistoryRecorder;
import io.paddock.sim.check.Op;
import io.paddock.sim.check.ZkInput;
import io.paddock.sim.check.ZkOutput;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One chaos client: one ZooKeeper session (official client), one operation at a time, each
 * recorded before it is sent and resolved when its fate is known: a reply (success or a
 * NONODE / NODEEXISTS / BADVERSION result) is ok, connection loss, a timeout or an expired
 * session is indeterminate. Operations: compare-and-set and blind writes, creates and
 * deletes of registers, plain reads, sync + read, sequential creates, ephemerals.
 *
 * <p>Used by one client thread of {@link ChaosRunner}; the session's watcher thread only flips
 * {@code expired}.
 */
final class ChaosClient implements AutoCloseable {
    private final ChaosRunner runner;
    private final ZooKeeper zk;
    private final long clientId;
    private final SplittableRandom random;
    private final int[] knownVersion;
    private volatile boolean expired;
    private int written;

    ChaosClient(ChaosRunner runner, String connect, long clientId, SplittableRandom random) throws Exception {
        this.runner = runner;
        this.clientId = clientId;
        this.random = random;
        this.knownVersion = new int[runner.keys().length];
        this.zk = Zk.connect(connect, 6_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.Expired) {
                expired = true;
            }
        });
    }

    boolean expired() {
        return expired;
    }

    void step() throws InterruptedException {
        int choice = random.nextInt(100);
        String[] keys = runner.keys();
        int key = random.nextInt(keys.length);
        String path = keys[key];
        if (choice < 30) {
            int version = random.nextInt(4) == 0 ? ZkInput.ANY_VERSION : knownVersion[key];
            String value = value();
            register(path, ZkInput.setData(value, version), () -> {
                Stat stat = zk.setData(path, bytes(value), version);
                knownVersion[key] = stat.getVersion();
                return new Result(ZkOutput.ok(stat.getVersion()), stat.getMzxid());
            });
        } else if (choice < 40) {
            String value = value();
            register(path, ZkInput.create(value), () -> {
                Stat stat = new Stat();
                zk.create(path, bytes(value), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
                knownVersion[key] = 0;
                return new Result(ZkOutput.ok(), stat.getCzxid());
            });
        } else if (choice < 45) {
            int version = random.nextBoolean() ? ZkInput.ANY_VERSION : knownVersion[key];
            register(path, ZkInput.delete(version), () -> {
                zk.delete(path, version);
                return new Result(ZkOutput.ok(), Op.NO_ZXID);
            });
        } else if (choice < 65) {
            register(path, ZkInput.getData(ZkInput.ReadMode.PLAIN), () -> read(path, key));
        } else if (choice < 80) {
            register(path, ZkInput.getData(ZkInput.ReadMode.STRICT), () -> {
                syncNow(zk, path);
                return read(path, key);
            });
        } else if (choice < 95) {
            sequential();
        } else {
            ephemeral();
        }
    }

    private Result read(String path, int key) throws Exception {
        Stat stat = new Stat();
        byte[] data = zk.getData(path, false, stat);
        knownVersion[key] = stat.getVersion();
        return new Result(ZkOutput.data(ZkInput.data(data), stat.getVersion()), stat.getMzxid());
    }

    /** One register operation: recorded, run, resolved. */
    private void register(String path, ZkInput input, Call call) throws InterruptedException {
        HistoryRecorder history = runner.history();
        int handle = history.invoke(clientId, path, input, runner.now());
        try {
            Result result = call.run();
            history.ok(handle, result.output(), runner.now(), result.zxid());
            runner.succeeded(result.zxid());
        } catch (KeeperException e) {
            ZkOutput output = ChaosRunner.error(e);
            if (output != null) {
                history.ok(handle, output, runner.now(), Op.NO_ZXID);
                runner.succeeded(0);
            } else {
                history.indeterminate(handle); // connection loss, timeout, expiry: it may or may not have happened
                expired |= e.code() == KeeperException.Code.SESSIONEXPIRED;
            }
        } catch (InterruptedException e) {
            history.indeterminate(handle);
            throw e;
        } catch (Exception e) {
            history.indeterminate(handle);
        }
    }

    private void sequential() {
        try {
            String path = zk.create("/chaos/seq/s-", bytes(value()), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            runner.acknowledgedSequential(path);
            runner.succeeded(0);
        } catch (Exception e) {
            expired |= e instanceof KeeperException.SessionExpiredException;
        }
    }

    private void ephemeral() {
        try {
            zk.create("/chaos/e-" + clientId + "-" + written, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);
            runner.succeeded(0);
        } catch (Exception e) {
            expired |= e instanceof KeeperException.SessionExpiredException;
        }
    }

    /** A sync that waits for its answer, with the client's own timeout as the bound. */
    static void syncNow(ZooKeeper zk, String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        zk.sync(path, (rc, p, ctx) -> done.complete(rc), null);
        int rc = done.get(10, TimeUnit.SECONDS);
        if (rc != KeeperException.Code.OK.intValue()) {
            throw KeeperException.create(KeeperException.Code.get(rc), path);
        }
    }

    private String value() {
        return "c" + clientId + "-" + written++;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            zk.close(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Result(ZkOutput output, long zxid) {}

    private interface Call {
        Result run() throws Exception;
    }
}
