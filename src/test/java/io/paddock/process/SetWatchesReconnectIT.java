package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose connection is lost re-registers its watches with setWatches on reconnect,
 * and the node fires exactly the ones whose znodes changed after the client's last zxid:
 * with the node kept running (connection cut by a proxy) and with the node killed by SIGKILL
 * and restarted while the client was away.
 */
class SetWatchesReconnectIT {
    private static final int SESSION_MS = 30_000;
    private static final Map<String, String> CFG = Map.of("tickTime", "1000", "maxSessionTimeout", "60000");

    @RegisterExtension
    final NodeLogs logs = new NodeLogs();

    @TempDir
    Path tmp;

    private final LinkedBlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
    private final List<KeeperState> states = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "node killed while away: {0}")
    @ValueSource(booleans = {false, true})
    void watchesChangedWhileAwayFireOnReconnect(boolean killNode) throws Exception {
        ProcessNode node = logs.track(new ProcessNode(tmp.resolve("work"), tmp.resolve("data"), ProcessNode.freePort(), CFG));
        ZooKeeper watcher = null;
        ZooKeeper other = null;
        try (CutProxy proxy = new CutProxy(node.port())) {
            node.start();
            other = Zk.connect(node.connectString(), SESSION_MS, null);
            other.create("/a", bytes("a0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            other.create("/b", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            other.create("/d", bytes("d0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            watcher = Zk.connect(proxy.connectString(), SESSION_MS, e -> {
                states.add(e.getState());
                if (e.getType() != EventType.None) {
                    events.add(e);
                }
            });
            long sessionId = watcher.getSessionId();
            watcher.getData("/a", true, null);
            watcher.getChildren("/b", true);
            assertThat(watcher.exists("/c", true)).isNull();
            watcher.getData("/d", true, null);

            proxy.cut();
            await("watcher sees the disconnect").atMost(Duration.ofSeconds(30))
                    .until(() -> states.contains(KeeperState.Disconnected));
            if (killNode) {
                RestartIT.closeQuietly(other);
                node.kill9();
                node.start();
                other = Zk.connect(node.connectString(), SESSION_MS, null);
            }
            other.setData("/a", bytes("a1"), -1);
            other.create("/b/child", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            other.create("/c", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(events).as("nothing reaches the cut client").isEmpty();
            proxy.restore();

            assertThat(WatchEvents.take(events, 3)).containsExactlyInAnyOrder("NodeDataChanged /a", "NodeChildrenChanged /b",
                    "NodeCreated /c");
            assertThat(watcher.getSessionId()).isEqualTo(sessionId);
            assertThat(states).doesNotContain(KeeperState.Expired);
            WatchEvents.barrier(watcher);
            assertThat(events).as("no event for the unchanged /d, none twice").isEmpty();

            other.setData("/d", bytes("d1"), -1);
            assertThat(WatchEvents.take(events, 1)).containsExactly("NodeDataChanged /d");
            // The fired watches were one-shot: a second change of /a reaches nobody.
            other.setData("/a", bytes("a2"), -1);
            WatchEvents.barrier(watcher);
            assertThat(events).isEmpty();
        } finally {
            RestartIT.closeQuietly(watcher);
            RestartIT.closeQuietly(other);
            node.close();
        }
    }



    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
