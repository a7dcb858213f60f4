package io.paddock.it;

import static io.paddock.it.WsClient.errorCode;
import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every watch kind over the WebSocket protocol, each event pushed with the zxid of the txn that
 * fired it: one-shot data, exist and child watches (consumed when they fire), persistent and
 * recursive watches (which stay), removeWatches and checkWatches, and setWatches re-arming
 * one-shot watches on a resumed session.
 */
class WebSocketWatchTest extends WebSocketClientTest {
    /** A live event of {@code type} on {@code path} arrives with the zxid of the reply {@code cause}, the txn that fired it. */
    private static void assertEventOf(WsClient ws, JsonObject cause, String type, String path) {
        String zxid = cause.getString("zxid");
        JsonObject event = ws.await(m -> "event".equals(m.getString("type")) && type.equals(m.getString("event"))
                && path.equals(m.getString("path")) && zxid.equals(m.getString("zxid")));
        assertThat(event.containsKey("replayFor")).isFalse();
    }

    @Test
    void oneShotWatchesFireOnceWithTheZxidOfTheirTxn() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of());
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 4000);
             WsClient writer = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            result(writer.call("create", "path", "/w", "data", "0"));
            result(ws.call("getData", "path", "/w", "watch", true));
            JsonObject set = writer.call("setData", "path", "/w", "data", "1");
            assertEventOf(ws, set, "NodeDataChanged", "/w");
            assertThat(result(set).getJsonObject("stat").getString("mzxid")).isEqualTo(set.getString("zxid"));
            ws.clear();
            result(writer.call("setData", "path", "/w", "data", "2"));
            ws.assertAlive();
            assertThat(ws.events()).as("a data watch fires once").isEmpty();

            assertThat(errorCode(ws.call("exists", "path", "/w/new", "watch", true))).isEqualTo("NONODE");
            JsonObject created = writer.call("create", "path", "/w/new");
            assertEventOf(ws, created, "NodeCreated", "/w/new");

            result(ws.call("getChildren", "path", "/w", "watch", true));
            JsonObject child = writer.call("create", "path", "/w/child");
            assertEventOf(ws, child, "NodeChildrenChanged", "/w");

            result(ws.call("exists", "path", "/w/new", "watch", true));
            JsonObject deleted = writer.call("delete", "path", "/w/new");
            assertEventOf(ws, deleted, "NodeDeleted", "/w/new");
            ws.clear();
            result(writer.call("create", "path", "/w/other"));
            result(writer.call("setData", "path", "/w", "data", "3"));
            ws.assertAlive();
            assertThat(ws.events()).as("every one-shot watch was used up").isEmpty();
        }
    }

    @Test
    void persistentAndRecursiveWatchesStayAndRemoveWatchesEndsThem() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of());
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 4000);
             WsClient writer = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            result(writer.call("create", "path", "/p"));
            result(writer.call("create", "path", "/r"));
            result(ws.call("addWatch", "path", "/p", "mode", "PERSISTENT"));
            result(ws.call("addWatch", "path", "/r", "mode", "PERSISTENT_RECURSIVE"));

            assertEventOf(ws, writer.call("setData", "path", "/p", "data", "a"), "NodeDataChanged", "/p");
            assertEventOf(ws, writer.call("create", "path", "/p/kid"), "NodeChildrenChanged", "/p");
            assertEventOf(ws, writer.call("setData", "path", "/p", "data", "b"), "NodeDataChanged", "/p");
            JsonObject deep = writer.call("create", "path", "/r/a");
            assertEventOf(ws, deep, "NodeCreated", "/r/a");
            assertEventOf(ws, writer.call("create", "path", "/r/a/b"), "NodeCreated", "/r/a/b");
            assertEventOf(ws, writer.call("setData", "path", "/r/a/b", "data", "x"), "NodeDataChanged", "/r/a/b");
            assertEventOf(ws, writer.call("delete", "path", "/r/a/b"), "NodeDeleted", "/r/a/b");
            ws.assertAlive();
            assertThat(ws.events().stream().map(e -> e.getString("event")).toList())
                    .as("a recursive watch never reports children changes")
                    .containsExactly("NodeDataChanged", "NodeChildrenChanged", "NodeDataChanged", "NodeCreated",
                            "NodeCreated", "NodeDataChanged", "NodeDeleted");

            result(ws.call("checkWatches", "path", "/p", "type", "PERSISTENT"));
            result(ws.call("removeWatches", "path", "/p", "type", "PERSISTENT"));
            assertThat(errorCode(ws.call("checkWatches", "path", "/p", "type", "PERSISTENT"))).isEqualTo("NOWATCHER");
            assertThat(errorCode(ws.call("removeWatches", "path", "/nowhere"))).isEqualTo("NOWATCHER");
            result(ws.call("removeWatches", "path", "/r", "type", "PERSISTENT_RECURSIVE"));
            ws.clear();
            result(writer.call("setData", "path", "/p", "data", "c"));
            result(writer.call("create", "path", "/r/gone"));
            ws.assertAlive();
            assertThat(ws.events()).isEmpty();
        }
    }

    @Test
    void setWatchesOnAResumedSessionFiresWhatChangedSinceAndArmsTheRest() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of());
             WsClient writer = WsClient.session(vertx, node.node.httpPort(), 4000)) {
            JsonObject connected;
            String seen;
            try (WsClient first = WsClient.session(vertx, node.node.httpPort(), 4000)) {
                connected = first.received().get(0);
                result(first.call("create", "path", "/s1"));
                seen = result(first.call("create", "path", "/s2")).getJsonObject("stat").getString("czxid");
            }
            result(writer.call("setData", "path", "/s1", "data", "changed while away"));
            try (WsClient back = WsClient.open(vertx, node.node.httpPort())) {
                back.connect(new JsonObject().put("sessionId", connected.getString("sessionId"))
                        .put("password", connected.getString("password")).put("lastZxidSeen", seen));
                result(back.call("setWatches", "relativeZxid", seen, "dataWatches", WsClient.strings("/s1", "/s2"),
                        "existWatches", WsClient.strings("/s3")));
                List<JsonObject> synthesized = back.events();
                assertThat(synthesized).hasSize(1);
                assertThat(synthesized.get(0).getString("event")).isEqualTo("NodeDataChanged");
                assertThat(synthesized.get(0).getString("path")).isEqualTo("/s1");
                assertThat(synthesized.get(0).getValue("zxid")).as("synthesized, no txn of its own").isNull();
                assertEventOf(back, writer.call("setData", "path", "/s2", "data", "x"), "NodeDataChanged", "/s2");
                assertEventOf(back, writer.call("create", "path", "/s3"), "NodeCreated", "/s3");
            }
        }
    }
}
