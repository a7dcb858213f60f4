package io.paddock.it;

import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * The two protocols over one session layer: a change made through the official ZooKeeper Java
 * client fires the watches of a WebSocket session (with the zxid the Java client saw), and a
 * change made over the WebSocket fires the Java client's watchers; ephemerals and data written
 * on one side are what the other reads.
 */
class TcpWebSocketCrossTest extends WebSocketClientTest {
    @Test
    void aChangeThroughTheJavaClientFiresWebSocketWatches() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of()); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            zk.create("/x", "0".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            result(ws.call("getData", "path", "/x", "watch", true));
            result(ws.call("getChildren", "path", "/x", "watch", true));
            result(ws.call("addWatch", "path", "/", "mode", "PERSISTENT_RECURSIVE"));

            Stat set = zk.setData("/x", "1".getBytes(StandardCharsets.UTF_8), -1);
            Stat child = new Stat();
            zk.create("/x/kid", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, child);
            List<JsonObject> events = ws.awaitEvents(3);
            assertThat(events.stream().map(e -> e.getString("event") + " " + e.getString("path") + " "
                    + e.getString("zxid")).toList()).containsExactly(
                    "NodeDataChanged /x 0x" + Long.toHexString(set.getMzxid()),
                    "NodeCreated /x/kid 0x" + Long.toHexString(child.getCzxid()),
                    "NodeChildrenChanged /x 0x" + Long.toHexString(child.getCzxid()));
            assertThat(result(ws.call("getData", "path", "/x")).getString("data")).isEqualTo("1");
        }
    }

    @Test
    void aChangeOverTheWebSocketFiresTheJavaClientsWatchers() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of()); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            result(ws.call("create", "path", "/y", "data", "0"));
            BlockingQueue<WatchedEvent> oneShot = new LinkedBlockingQueue<>();
            BlockingQueue<WatchedEvent> recursive = new LinkedBlockingQueue<>();
            zk.getData("/y", oneShot::add, null);
            zk.getChildren("/y", oneShot::add);
            zk.addWatch("/y", recursive::add, AddWatchMode.PERSISTENT_RECURSIVE);

            result(ws.call("setData", "path", "/y", "data", "from the web"));
            String ephemeral = result(ws.call("create", "path", "/y/e-", "mode", "EPHEMERAL_SEQUENTIAL")).getString("path");

            assertEvent(oneShot.poll(15, TimeUnit.SECONDS), Watcher.Event.EventType.NodeDataChanged, "/y");
            assertEvent(oneShot.poll(15, TimeUnit.SECONDS), Watcher.Event.EventType.NodeChildrenChanged, "/y");
            assertEvent(recursive.poll(15, TimeUnit.SECONDS), Watcher.Event.EventType.NodeDataChanged, "/y");
            assertEvent(recursive.poll(15, TimeUnit.SECONDS), Watcher.Event.EventType.NodeCreated, ephemeral);
            assertThat(new String(zk.getData("/y", false, null), StandardCharsets.UTF_8)).isEqualTo("from the web");
            long wsSession = Long.decode(ws.received().get(0).getString("sessionId"));
            assertThat(zk.exists(ephemeral, false).getEphemeralOwner()).isEqualTo(wsSession);

            result(ws.call("close"));
            assertEvent(recursive.poll(15, TimeUnit.SECONDS), Watcher.Event.EventType.NodeDeleted, ephemeral);
        }
    }

    private static void assertEvent(WatchedEvent event, Watcher.Event.EventType type, String path) {
        assertThat(event).as("a %s on %s", type, path).isNotNull();
        assertThat(event.getType()).isEqualTo(type);
        assertThat(event.getPath()).isEqualTo(path);
    }
}
