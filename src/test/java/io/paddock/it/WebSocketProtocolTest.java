package io.paddock.it;

import static io.paddock.it.WsClient.errorCode;
import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket JSON protocol at {@code /ws} of a real in-JVM node, driven by Vert.x's
 * {@code WebSocketClient} and checked against the official ZooKeeper client on the same node:
 * every op, create of every mode, data as text and base64, ACLs and auth, and each error's
 * typed answer.
 */
class WebSocketProtocolTest extends WebSocketClientTest {
    /**
     * A node with an HTTP port and TTL znodes. Sessions may last up to 20 s, so that the ZooKeeper
     * clients of these tests ({@link #tcp}) survive the first WebSocket's class loading on a busy
     * machine; the tests of expiry ask for short sessions.
     */
    static TestNode node(Path dir, Map<String, String> flags) throws Exception {
        Map<String, String> all = new HashMap<>(Http.httpOn());
        all.put("extended-types-enabled", "true");
        all.put("max-session-timeout-ms", "20000");
        all.putAll(flags);
        return TestNode.start(dir.resolve("data"), all);
    }

    /** A ZooKeeper client with a 10 s session. */
    static ZooKeeper tcp(TestNode node) throws Exception {
        return node.client(10_000, null);
    }

    @Test
    void everyZnodeOpAnswersWhatTheZooKeeperClientThenSees() throws Exception {
        try (TestNode node = node(dir, Map.of()); ZooKeeper zk = tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            long sessionId = Long.decode(ws.received().get(0).getString("sessionId"));
            JsonObject created = result(ws.call("create", "path", "/ops", "data", "héllo"));
            Stat stat = new Stat();
            assertThat(new String(zk.getData("/ops", false, stat), StandardCharsets.UTF_8)).isEqualTo("héllo");
            assertThat(created.getString("path")).isEqualTo("/ops");
            assertThat(created.getJsonObject("stat").getString("czxid")).isEqualTo("0x" + Long.toHexString(stat.getCzxid()));

            assertThat(result(ws.call("create", "path", "/ops/e", "mode", "EPHEMERAL")).getJsonObject("stat")
                    .getString("ephemeralOwner")).isEqualTo("0x" + Long.toHexString(sessionId));
            assertThat(result(ws.call("create", "path", "/ops/s-", "mode", "PERSISTENT_SEQUENTIAL")).getString("path"))
                    .matches("/ops/s-\\d{10}");
            String es = result(ws.call("create", "path", "/ops/es-", "mode", "EPHEMERAL_SEQUENTIAL")).getString("path");
            assertThat(zk.exists(es, false).getEphemeralOwner()).isEqualTo(sessionId);
            result(ws.call("create", "path", "/ops/c", "mode", "CONTAINER"));
            result(ws.call("create", "path", "/ops/t", "mode", "PERSISTENT_WITH_TTL", "ttl", 60_000));
            assertThat(errorCode(ws.call("create", "path", "/ops/t2", "mode", "PERSISTENT_WITH_TTL"))).isEqualTo("BADARGUMENTS");
            assertThat(errorCode(ws.call("create", "path", "/ops"))).isEqualTo("NODEEXISTS");
            assertThat(errorCode(ws.call("create", "path", "/no/parent"))).isEqualTo("NONODE");
            assertThat(errorCode(ws.call("create", "path", "bad"))).isEqualTo("BADARGUMENTS");
            assertThat(errorCode(ws.call("create", "path", "/ops/e/child"))).isEqualTo("NOCHILDRENFOREPHEMERALS");
            assertThat(zk.exists("/ops/c", false)).isNotNull();
            assertThat(zk.exists("/ops/t", false)).isNotNull();

            dataOps(ws, zk);
            childOps(ws, zk, es);
            multiOps(ws, zk);
            assertThat(result(ws.call("sync", "path", "/ops")).getString("path")).isEqualTo("/ops");
            assertThat(errorCode(ws.call("delete", "path", "/ops"))).isEqualTo("NOTEMPTY");
            result(ws.call("delete", "path", "/ops/s-0000000001", "version", 0));
            assertThat(zk.exists("/ops/s-0000000001", false)).isNull();
        }
    }

    private static void dataOps(WsClient ws, ZooKeeper zk) throws Exception {
        assertThat(errorCode(ws.call("exists", "path", "/absent"))).isEqualTo("NONODE");
        assertThat(result(ws.call("exists", "path", "/ops")).getJsonObject("stat").getInteger("numChildren"))
                .isEqualTo(zk.exists("/ops", false).getNumChildren());
        assertThat(result(ws.call("getData", "path", "/ops", "encoding", "base64")).getString("dataBase64"))
                .isEqualTo(Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)));
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 7};
        JsonObject set = result(ws.call("setData", "path", "/ops", "dataBase64", Base64.getEncoder().encodeToString(binary),
                "version", 0));
        assertThat(set.getJsonObject("stat").getInteger("version")).isEqualTo(1);
        assertThat(zk.getData("/ops", false, null)).isEqualTo(binary);
        JsonObject read = result(ws.call("getData", "path", "/ops"));
        assertThat(read.containsKey("data")).as("not UTF-8, so base64 even though text was asked for").isFalse();
        assertThat(Base64.getDecoder().decode(read.getString("dataBase64"))).isEqualTo(binary);
        assertThat(errorCode(ws.call("setData", "path", "/ops", "data", "x", "version", 0))).isEqualTo("BADVERSION");
        zk.setData("/ops", "from tcp".getBytes(StandardCharsets.UTF_8), -1);
        assertThat(result(ws.call("getData", "path", "/ops")).getString("data")).isEqualTo("from tcp");

        JsonObject acl = result(ws.call("getACL", "path", "/ops/t"));
        assertThat(acl.getJsonArray("acl")).containsExactly(new JsonObject().put("perms", 31).put("scheme", "world")
                .put("id", "anyone"));
        JsonArray readOnly = new JsonArray().add(new JsonObject().put("perms", "r").put("scheme", "world").put("id", "anyone"));
        assertThat(result(ws.call("setACL", "path", "/ops/t", "acl", readOnly)).getJsonObject("stat")
                .getInteger("aversion")).isEqualTo(1);
        assertThat(zk.getACL("/ops/t", new Stat())).containsExactly(new org.apache.zookeeper.data.ACL(ZooDefs.Perms.READ,
                ZooDefs.Ids.ANYONE_ID_UNSAFE));
        assertThat(errorCode(ws.call("setData", "path", "/ops/t", "data", "x"))).isEqualTo("NOAUTH");
    }

    private static void childOps(WsClient ws, ZooKeeper zk, String ephemeralSequential) throws Exception {
        JsonObject children = result(ws.call("getChildren", "path", "/ops", "stat", true));
        assertThat(children.getJsonArray("children").getList()).isEqualTo(TestNode.sorted(zk.getChildren("/ops", false)));
        assertThat(children.getJsonObject("stat").getInteger("numChildren")).isEqualTo(5);
        assertThat(result(ws.call("getChildren", "path", "/ops")).containsKey("stat")).isFalse();
        assertThat(result(ws.call("getAllChildrenNumber", "path", "/")).getInteger("count"))
                .isEqualTo(zk.getAllChildrenNumber("/"));
        assertThat(result(ws.call("getEphemerals")).getJsonArray("paths").getList())
                .containsExactly("/ops/e", ephemeralSequential);
        assertThat(result(ws.call("getEphemerals", "prefix", "/ops/es")).getJsonArray("paths").getList())
                .containsExactly(ephemeralSequential);
    }

    private static void multiOps(WsClient ws, ZooKeeper zk) throws Exception {
        JsonArray ops = new JsonArray()
                .add(new JsonObject().put("op", "create").put("path", "/ops/m1").put("data", "one"))
                .add(new JsonObject().put("op", "check").put("path", "/ops/m1").put("version", 0))
                .add(new JsonObject().put("op", "setData").put("path", "/ops/m1").put("data", "two"))
                .add(new JsonObject().put("op", "create").put("path", "/ops/m2"))
                .add(new JsonObject().put("op", "delete").put("path", "/ops/m2"));
        JsonArray results = result(ws.call("multi", "ops", ops)).getJsonArray("results");
        assertThat(results.stream().map(r -> ((JsonObject) r).getString("op")).toList())
                .containsExactly("create", "check", "setData", "create", "delete");
        assertThat(results.getJsonObject(2).getJsonObject("stat").getInteger("version")).isEqualTo(1);
        assertThat(zk.getData("/ops/m1", false, null)).isEqualTo("two".getBytes(StandardCharsets.UTF_8));

        JsonArray failing = new JsonArray()
                .add(new JsonObject().put("op", "create").put("path", "/ops/m3"))
                .add(new JsonObject().put("op", "delete").put("path", "/ops/absent"));
        JsonObject failed = ws.call("multi", "ops", failing);
        assertThat(errorCode(failed)).isEqualTo("NONODE");
        assertThat(failed.getJsonObject("error").getString("message")).contains("multi op 1").contains("/ops/absent");
        assertThat(failed.getJsonArray("results")).hasSize(2);
        assertThat(zk.exists("/ops/m3", false)).as("a failed multi changes nothing").isNull();

        JsonArray reads = new JsonArray()
                .add(new JsonObject().put("op", "getData").put("path", "/ops/m1"))
                .add(new JsonObject().put("op", "getChildren").put("path", "/ops/m1"))
                .add(new JsonObject().put("op", "getData").put("path", "/ops/absent"));
        JsonArray read = result(ws.call("multiRead", "ops", reads)).getJsonArray("results");
        assertThat(read.getJsonObject(0).getString("data")).isEqualTo("two");
        assertThat(read.getJsonObject(1).getJsonArray("children")).isEmpty();
        assertThat(read.getJsonObject(2).getJsonObject("error").getString("code")).isEqualTo("NONODE");
    }

    @Test
    void authIdsGuardZnodesAsOnTheZooKeeperProtocolAndAFailedAuthClosesOnlyItsConnection() throws Exception {
        try (TestNode node = node(dir, Map.of()); ZooKeeper zk = tcp(node);
             WsClient alice = WsClient.session(vertx, node.node.httpPort(), 4000);
             WsClient other = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            result(alice.call("addAuth", "scheme", "digest", "auth", "alice:secret"));
            List<Object> who = result(alice.call("whoAmI")).getJsonArray("clientInfo").getList();
            assertThat(who).hasSize(2);
            assertThat(who.toString()).contains("ip").contains("127.0.0.1").contains("alice");
            JsonArray mine = new JsonArray().add(new JsonObject().put("perms", 31).put("scheme", "auth").put("id", ""));
            result(alice.call("create", "path", "/private", "data", "x", "acl", mine));

            assertThat(errorCode(other.call("getData", "path", "/private"))).isEqualTo("NOAUTH");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> zk.getData("/private", false, null))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            result(other.call("addAuth", "scheme", "digest", "auth", "alice:secret"));
            assertThat(result(other.call("getData", "path", "/private")).getString("data")).isEqualTo("x");

            JsonObject connected = other.received().get(0);
            JsonObject failed = other.call("addAuth", "scheme", "kerberos", "auth", "nope");
            assertThat(errorCode(failed)).isEqualTo("AUTHFAILED");
            JsonObject closing = other.await(m -> "closing".equals(m.getString("type")));
            assertThat(closing.getJsonObject("error").getString("code")).isEqualTo("AUTHFAILED");
            other.awaitClosed();
            alice.assertAlive();
            try (WsClient again = WsClient.open(vertx, node.node.httpPort())) {
                JsonObject resumed = again.connect(new JsonObject().put("sessionId", connected.getString("sessionId"))
                        .put("password", connected.getString("password")));
                assertThat(resumed.getString("sessionId")).isEqualTo(connected.getString("sessionId"));
            }
        }
    }

    @Test
    void badMessagesGetTypedErrorsAndDisturbNeitherTheirSessionNorOthers() throws Exception {
        Map<String, String> flags = Map.of("web-socket-message-bytes-max", "65536", "jute-max-buffer-bytes", "20000");
        try (TestNode node = node(dir, flags); ZooKeeper zk = tcp(node);
             WsClient bad = WsClient.open(vertx, node.node.httpPort());
             WsClient watcher = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            zk.create("/calm", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            result(watcher.call("addWatch", "path", "/calm"));
            long early = bad.post(new JsonObject().put("op", "getData").put("path", "/calm"));
            assertThat(errorCode(bad.reply(early))).isEqualTo("NOT_CONNECTED");
            bad.connect(new JsonObject().put("timeoutMs", 4000));
            assertThat(errorCode(bad.call("connect"))).isEqualTo("ALREADY_CONNECTED");

            bad.sendText("{\"op\": \"getData\", \"path\": ");
            assertProtocolError(bad, "BAD_JSON", -5);
            bad.sendText("[1, 2, 3]");
            assertProtocolError(bad, "BAD_JSON", -5);
            JsonObject unknown = bad.call("frobnicate", "path", "/calm");
            assertThat(errorCode(unknown)).isEqualTo("UNKNOWN_OP");
            assertThat(unknown.getJsonObject("error").getInteger("zkCode")).isEqualTo(-6);
            assertThat(errorCode(bad.call("getData"))).isEqualTo("BAD_REQUEST");
            assertThat(errorCode(bad.call("setData", "path", "/calm", "data", "x".repeat(20_001)))).isEqualTo("TOO_LARGE");
            String huge = "y".repeat(100_000);
            assertThat(errorCode(bad.call("setData", "path", "/calm", "data", huge))).isEqualTo("TOO_LARGE");
            bad.sendBinary(io.vertx.core.buffer.Buffer.buffer("{\"id\":1,\"op\":\"ping\"}"));
            assertProtocolError(bad, "BAD_JSON", -5);
            long fragmented = 99;
            String head = "{\"id\":" + fragmented + ",\"op\":\"setData\",\"path\":\"/calm\",\"data\":\"";
            bad.sendFrame(io.vertx.core.http.WebSocketFrame.textFrame(head, false));
            for (int i = 0; i < 8; i++) {
                bad.sendFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
                        io.vertx.core.buffer.Buffer.buffer("z".repeat(40_000)), false));
            }
            bad.sendFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("\"}"), true));
            JsonObject tooLarge = bad.reply(fragmented);
            assertThat(errorCode(tooLarge)).isEqualTo("TOO_LARGE");
            assertThat(tooLarge.getJsonObject("error").getString("message")).contains("65536");

            bad.assertAlive();
            result(bad.call("setData", "path", "/calm", "data", "after all that"));
            JsonObject event = watcher.await(m -> "event".equals(m.getString("type")));
            assertThat(event.getString("event")).isEqualTo("NodeDataChanged");
            assertThat(watcher.events()).hasSize(1);
            assertThat(new String(zk.getData("/calm", false, null), StandardCharsets.UTF_8)).isEqualTo("after all that");
            assertThat(bad.isClosed()).isFalse();
        }
    }

    private static void assertProtocolError(WsClient ws, String code, int zkCode) {
        JsonObject error = ws.await(m -> "error".equals(m.getString("type")));
        assertThat(error.getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(error.getJsonObject("error").getInteger("zkCode")).isEqualTo(zkCode);
        assertThat(error.getJsonObject("error").getString("message")).isNotBlank();
        ws.clear();
    }

    @Test
    void theUpgradeIsRefusedWithoutAWebSocketAndTheClientModuleIsServed() throws Exception {
        try (TestNode node = node(dir, Map.of())) {
            java.net.http.HttpResponse<String> plain = Http.get(node.node.httpPort(), "/ws");
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(plain.body()).contains("WebSocket");
            java.net.http.HttpResponse<String> module = Http.get(node.node.httpPort(), "/paddock.js");
            assertThat(module.statusCode()).isEqualTo(200);
            assertThat(module.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
            assertThat(module.body()).contains("export class PaddockClient");
        }
    }
}
