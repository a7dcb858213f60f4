package io.paddock.it;

import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.config.NodeConfig;
import io.paddock.node.PaddockNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket protocol on an ensemble of three in-JVM nodes: a session opened on one member
 * is resumed on another with its id and password (its ephemeral intact), and its recursive watch
 * resumed there from the last zxid it saw gets every change made meanwhile through a third
 * member's ZooKeeper port, each once, in zxid order: every node keeps its own watch history of
 * the txns it applies.
 */
class WebSocketClusterTest {
    @TempDir
    Path dir;

    private Vertx vertx;
    private final InJvmEnsemble ensemble = new InJvmEnsemble();
    private final List<PaddockNode> nodes = new ArrayList<>();

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    @AfterEach
    void stop() throws Exception {
        ensemble.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** Three members on free loopback ports, each with an HTTP port; returns once every one started. */
    private void startEnsemble() throws Exception {
        nodes.addAll(ensemble.start(dir).nodes());
    }

    private static long lastSeen(WsClient ws) {
        long last = 0;
        for (JsonObject message : ws.received()) {
            if (message.getValue("zxid") instanceof String zxid) {
                last = Math.max(last, Long.decode(zxid));
            }
        }
        return last;
    }

    /**
     * Resumes the session on the member at {@code httpPort}; a follower that has not applied
     * {@code seen} yet refuses with ZXID_AHEAD, and the client tries again, as a real one would.
     */
    private WsClient resume(int httpPort, JsonObject connected, long seen) {
        WsClient[] resumed = new WsClient[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            WsClient ws = WsClient.open(vertx, httpPort);
            ws.send(new JsonObject().put("op", "connect").put("sessionId", connected.getString("sessionId"))
                    .put("password", connected.getString("password")).put("timeoutMs", 10_000)
                    .put("lastZxidSeen", "0x" + Long.toHexString(seen)));
            JsonObject answer = ws.await(m -> "connected".equals(m.getString("type")) || "closing".equals(m.getString("type")));
            if ("connected".equals(answer.getString("type"))) {
                assertThat(answer.getString("sessionId")).isEqualTo(connected.getString("sessionId"));
                resumed[0] = ws;
                return true;
            }
            assertThat(answer.getJsonObject("error").getString("code")).isEqualTo("ZXID_AHEAD");
            ws.close();
            return false;
        });
        return resumed[0];
    }

    @Test
    void aSessionAndItsWatchResumeOnAnotherMember() throws Exception {
        startEnsemble();
        try (ZooKeeper zk = new ZooKeeper("127.0.0.1:" + nodes.get(1).clientPort(), 10_000, event -> { })) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState().isConnected());
            WsClient first = WsClient.session(vertx, nodes.get(0).httpPort(), 10_000);
            JsonObject connected = first.received().get(0);
            result(first.call("create", "path", "/c"));
            result(first.call("create", "path", "/c/mine", "mode", "EPHEMERAL"));
            result(first.call("addWatch", "path", "/c", "mode", "PERSISTENT_RECURSIVE"));
            Stat live = zk.setData("/c", new byte[] {1}, -1);
            first.awaitEvents(1);
            assertThat(first.events().get(0).getString("zxid")).isEqualTo("0x" + Long.toHexString(live.getMzxid()));
            long seen = lastSeen(first);
            first.close();

            List<String> expected = new ArrayList<>();
            Stat stat = new Stat();
            zk.create("/c/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
            expected.add("NodeCreated /c/x 0x" + Long.toHexString(stat.getCzxid()));
            expected.add("NodeDataChanged /c/x 0x" + Long.toHexString(zk.setData("/c/x", new byte[] {2}, -1).getMzxid()));
            zk.delete("/c/x", -1);
            expected.add("NodeDeleted /c/x 0x" + Long.toHexString(zk.exists("/c", false).getPzxid()));

            try (WsClient back = resume(nodes.get(2).httpPort(), connected, seen)) {
                result(back.call("addWatch", "path", "/c", "mode", "PERSISTENT_RECURSIVE",
                        "fromZxid", "0x" + Long.toHexString(seen)));
                List<JsonObject> events = back.awaitEvents(expected.size());
                assertThat(events.stream().map(e -> e.getString("event") + " " + e.getString("path") + " "
                        + e.getString("zxid")).toList()).isEqualTo(expected);
                assertThat(zk.exists("/c/mine", false).getEphemeralOwner())
                        .isEqualTo(Long.decode(connected.getString("sessionId")));
                back.assertAlive();
                assertThat(back.events()).hasSize(expected.size());
            }
        }
    }
}
