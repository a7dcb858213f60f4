package io.paddock.process;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * Client calls of a test's helper sessions that must get through a failover: retried on
 * connection loss (the outcome of the lost attempt is unknown) for at most {@link #LIMIT_S}.
 * Only for writes whose repetition is harmless (setData of a value, creates of fixed paths, where
 * NODEEXISTS after a lost attempt means that attempt took effect). Stateless; runs on the
 * caller's thread.
 */
final class Retry {
    static final long LIMIT_S = 60;

    /** One attempt of a client call. */
    interface Call<T> {
        T call() throws KeeperException, InterruptedException;
    }

    private Retry() {}

    /**
     * Runs {@code call} until it completes without a connection loss (attempts 100 ms apart while
     * the client reconnects by itself); other errors are thrown.
     */
    static <T> T onConnectionLoss(Call<T> call) throws KeeperException, InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<KeeperException> failure = new AtomicReference<>();
        await("a call through a connection loss").atMost(Duration.ofSeconds(LIMIT_S)).pollInterval(Duration.ofMillis(100))
                .pollInSameThread().until(() -> {
                    try {
                        result.set(call.call());
                        return true;
                    } catch (KeeperException.ConnectionLossException e) {
                        return false;
                    } catch (KeeperException e) {
                        failure.set(e);
                        return true;
                    }
                });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** A persistent create of {@code path} that counts NODEEXISTS after a lost attempt as done. */
    static void create(ZooKeeper zk, String path, byte[] data) throws KeeperException, InterruptedException {
        boolean[] lost = new boolean[1];
        onConnectionLoss(() -> {
            try {
                return zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                if (lost[0]) {
                    return path;
                }
                throw e;
            } catch (KeeperException.ConnectionLossException e) {
                lost[0] = true;
                throw e;
            }
        });
    }
}
