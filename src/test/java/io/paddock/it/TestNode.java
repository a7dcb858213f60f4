package io.paddock.it;

import io.paddock.config.ConfigLoader;
import io.paddock.config.ConfigSource;
import io.paddock.config.LoadResult;
import io.paddock.config.NodeConfig;
import io.paddock.node.PaddockNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * An in-JVM Paddock node on a free loopback port with its own data directory, and helpers
 * that connect the official ZooKeeper client to it. Every node and client a test opens is
 * closed by the test (try-with-resources).
 */
public final class TestNode implements AutoCloseable {
    public static final int TICK_MS = 100;

    public final PaddockNode node;
    public final NodeConfig config;

    private TestNode(PaddockNode node, NodeConfig config) {
        this.node = node;
        this.config = config;
    }

    public static TestNode start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Starts a node; {@code flags} are config flags in kebab case (e.g. extended-types-enabled=true). */
    public static TestNode start(Path dataDir, Map<String, String> flags) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("client-port", "0");
        all.put("data-dir", dataDir.toString());
        all.put("tick-ms", Integer.toString(TICK_MS));
        all.put("four-letter-word-whitelist", "*");
        all.put("container-check-interval-ms", "200");
        all.put("max-client-cnxns", "0");
        // Off unless a test asks for it, so that nodes of parallel tests never compete for 8080.
        all.put("http-port", "0");
        all.putAll(flags);
        LoadResult result = ConfigLoader.load(ConfigSource.ofFlags(all));
        if (!(result instanceof LoadResult.Loaded loaded)) {
            throw new IllegalArgumentException("bad test config: " + result.errors());
        }
        PaddockNode node = PaddockNode.start(loaded.config(), 200, TestNode::halt).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new TestNode(node, loaded.config());
    }

    /**
     * A test node must not take the test JVM down with it: a halt is printed and remembered, and
     * {@link #close()} fails the test that caused it.
     */
    private static final List<String> HALTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void halt(String reason, Throwable cause) {
        System.err.println("TEST NODE HALTED: " + reason);
        if (cause != null) {
            cause.printStackTrace();
        }
        HALTS.add(reason + (cause == null ? "" : ": " + cause));
    }

    public int port() {
        return node.clientPort();
    }

    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /** A connected ZooKeeper client (waits for SyncConnected). */
    public ZooKeeper client() throws Exception {
        return client(4000, null);
    }

    public ZooKeeper client(int sessionTimeoutMs, Watcher extra) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(), sessionTimeoutMs, (WatchedEvent e) -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            if (extra != null) {
                extra.process(e);
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("client did not connect to " + connectString());
        }
        return zk;
    }

    @Override
    public void close() throws Exception {
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (!HALTS.isEmpty()) {
            List<String> halts = List.copyOf(HALTS);
            HALTS.clear();
            throw new AssertionError("a test node halted: " + halts);
        }
    }

    static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
