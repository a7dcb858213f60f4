package io.paddock.process;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.HostProvider;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;

/** Connects the official ZooKeeper client and waits for the session, bounded. */
final class Zk {
    static final long CONNECT_TIMEOUT_S = 30;

    private Zk() {}

    /** A new session; {@code extra} (may be null) also receives every event. */
    static ZooKeeper connect(String connect, int sessionTimeoutMs, Watcher extra) throws Exception {
        return open(connect, sessionTimeoutMs, extra, 0, null);
    }

    /**
     * A new session whose client accepts replies up to 256 MiB instead of the client's 1 MiB
     * default: a long chaos run leaves hundreds of thousands of sequential children to list.
     */
    static ZooKeeper connectForLargeReplies(String connect, int sessionTimeoutMs) throws Exception {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKConfig.JUTE_MAXBUFFER, Integer.toString(256 << 20));
        return open(connect, sessionTimeoutMs, null, 0, null, null, config);
    }

    /** Reattaches to an existing session with its id and password; fails if it is expired. */
    static ZooKeeper reattach(String connect, int sessionTimeoutMs, long sessionId, byte[] passwd) throws Exception {
        return open(connect, sessionTimeoutMs, null, sessionId, passwd);
    }

    /**
     * A new session on the nodes with these client ports, tried in this order (the first first),
     * so the client starts on {@code ports.get(0)} and moves to the next one when it loses it.
     */
    static ZooKeeper connectInOrder(List<Integer> ports, int sessionTimeoutMs, Watcher extra) throws Exception {
        return open(ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")), sessionTimeoutMs, extra, 0,
                null, new OrderedHosts(ports), null);
    }

    private static ZooKeeper open(String connect, int timeoutMs, Watcher extra, long id, byte[] passwd)
            throws Exception {
        return open(connect, timeoutMs, extra, id, passwd, null, null);
    }

    private static ZooKeeper open(String connect, int timeoutMs, Watcher extra, long id, byte[] passwd,
            HostProvider hosts, ZKClientConfig config) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch expired = new CountDownLatch(1);
        Watcher watcher = (WatchedEvent e) -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            } else if (e.getState() == Watcher.Event.KeeperState.Expired) {
                expired.countDown();
            }
            if (extra != null) {
                extra.process(e);
            }
        };
        ZooKeeper zk = config != null ? new ZooKeeper(connect, timeoutMs, watcher, config)
                : hosts != null ? new ZooKeeper(connect, timeoutMs, watcher, false, hosts)
                : passwd == null ? new ZooKeeper(connect, timeoutMs, watcher)
                : new ZooKeeper(connect, timeoutMs, watcher, id, passwd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_S);
        while (!connected.await(20, TimeUnit.MILLISECONDS)) {
            if (expired.getCount() == 0 || System.nanoTime() > deadline) {
                zk.close();
                throw new IllegalStateException((expired.getCount() == 0 ? "session expired: 0x" : "no session in time: 0x")
                        + Long.toHexString(id) + " on " + connect);
            }
        }
        return zk;
    }
}
