package io.paddock.it;

import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket connection is a session with the ZooKeeper protocol's semantics: a negotiated
 * timeout, kept alive by JSON pings and expired (ephemerals and all) without them; resumed on a
 * new connection with its id and password after the old one was cut, its ephemerals intact;
 * moved from a connection that is still open; refused with a typed notice for a wrong password
 * or a zxid the node has not reached; ended by close.
 */
class WebSocketSessionTest extends WebSocketClientTest {
    private static String closingCode(WsClient ws) {
        JsonObject closing = ws.await(m -> "closing".equals(m.getString("type")));
        ws.awaitClosed();
        return closing.getJsonObject("error").getString("code");
    }

    @Test
    void pingsKeepASessionAliveAndWithoutThemItExpiresWithItsEphemerals() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of()); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 400)) {
            JsonObject connected = ws.received().get(0);
            assertThat(connected.getInteger("timeoutMs")).as("negotiated within the node's bounds").isEqualTo(400);
            result(ws.call("create", "path", "/mine", "mode", "EPHEMERAL"));
            long pinger = vertx.setPeriodic(100, id -> ws.send(new JsonObject().put("id", "p").put("op", "ping")));
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> !ws.isClosed());
            assertThat(zk.exists("/mine", false)).isNotNull();

            vertx.cancelTimer(pinger);
            assertThat(closingCode(ws)).isEqualTo("SESSIONEXPIRED");
            assertThat(zk.exists("/mine", false)).as("the expired session's ephemeral is gone").isNull();
            try (WsClient late = WsClient.open(vertx, node.node.httpPort())) {
                late.send(new JsonObject().put("op", "connect").put("sessionId", connected.getString("sessionId"))
                        .put("password", connected.getString("password")));
                assertThat(closingCode(late)).isEqualTo("SESSIONEXPIRED");
            }
        }
    }

    @Test
    void aSessionCutOffResumesOnANewConnectionWithItsEphemerals() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of()); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             Relay relay = Relay.to(vertx, node.node.httpPort())) {
            WsClient first = WsClient.session(vertx, relay.port(), 4000);
            JsonObject connected = first.received().get(0);
            long sessionId = Long.decode(connected.getString("sessionId"));
            String zxid = first.call("create", "path", "/eph", "mode", "EPHEMERAL").getString("zxid");
            relay.cut();
            first.awaitClosed();
            first.close();

            try (WsClient second = WsClient.open(vertx, relay.port())) {
                JsonObject resumed = second.connect(new JsonObject().put("sessionId", connected.getString("sessionId"))
                        .put("password", connected.getString("password")).put("lastZxidSeen", zxid).put("timeoutMs", 4000));
                assertThat(resumed.getString("sessionId")).isEqualTo(connected.getString("sessionId"));
                assertThat(resumed.getString("password")).isEqualTo(connected.getString("password"));
                assertThat(result(second.call("getEphemerals")).getJsonArray("paths")).containsExactly("/eph");
                assertThat(zk.exists("/eph", false).getEphemeralOwner()).isEqualTo(sessionId);

                try (WsClient third = WsClient.open(vertx, node.node.httpPort())) {
                    third.connect(new JsonObject().put("sessionId", connected.getString("sessionId"))
                            .put("password", connected.getString("password")));
                    assertThat(closingCode(second)).isEqualTo("SESSIONMOVED");
                    third.assertAlive();
                    result(third.call("close"));
                    third.awaitClosed();
                }
            }
            Awaitility.await().atMost(WsClient.WAIT).until(() -> zk.exists("/eph", false) == null);
        }
    }

    @Test
    void aWrongPasswordOrAZxidFromTheFutureIsRefusedAndTheSessionLivesOn() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of());
             WsClient owner = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            JsonObject connected = owner.received().get(0);
            byte[] wrong = Base64.getDecoder().decode(connected.getString("password"));
            wrong[0] ^= 1;
            try (WsClient impostor = WsClient.open(vertx, node.node.httpPort())) {
                impostor.send(new JsonObject().put("op", "connect").put("sessionId", connected.getString("sessionId"))
                        .put("password", Base64.getEncoder().encodeToString(wrong)));
                assertThat(closingCode(impostor)).isEqualTo("SESSIONEXPIRED");
            }
            try (WsClient ahead = WsClient.open(vertx, node.node.httpPort())) {
                ahead.send(new JsonObject().put("op", "connect").put("lastZxidSeen", "0x7fffffff00000000"));
                assertThat(closingCode(ahead)).isEqualTo("ZXID_AHEAD");
            }
            owner.assertAlive();
            assertThat(owner.isClosed()).as("a wrong password does not cut the session's connection").isFalse();
        }
    }
}
