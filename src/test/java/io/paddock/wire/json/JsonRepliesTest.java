package io.paddock.wire.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import io.paddock.model.WatchEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol's encoding, read back with an independent JSON parser (Vert.x's): the
 * shapes of connected, replies (results and errors, a failed multi), events and closing notices,
 * data as text or base64, and strings of any content surviving the writer's escaping.
 */
class JsonRepliesTest {
    private static final Stat STAT = new Stat(0x100000001L, 0x100000002L, 1000, 2000, 3, 4, 5, 0x10000000000abcL, 6,
            7, 0x100000003L);

    private static JsonObject only(JsonWriter w) {
        assertThat(w.messageCount()).isEqualTo(1);
        return new JsonObject(w.message(0));
    }

    private static JsonObject reply(int err, int opcode, Request request, Response body, boolean base64) {
        JsonWriter w = new JsonWriter();
        JsonReplies.reply(w, 5L, 0x10000000aL, err, opcode, request, body, base64);
        return only(w);
    }

    @Test
    void connectedCarriesSessionPasswordTimeoutAndZxidAsStrings() {
        JsonWriter w = new JsonWriter();
        JsonReplies.connected(w, "c1", new ConnectResponse(0, 6000, 0x1000000000000abL, new byte[] {1, 2, 3}, false), 0x2a);
        JsonObject m = only(w);
        assertThat(m.getString("type")).isEqualTo("connected");
        assertThat(m.getString("id")).isEqualTo("c1");
        assertThat(m.getString("sessionId")).isEqualTo("0x1000000000000ab");
        assertThat(Base64.getDecoder().decode(m.getString("password"))).containsExactly(1, 2, 3);
        assertThat(m.getInteger("timeoutMs")).isEqualTo(6000);
        assertThat(m.getString("zxid")).isEqualTo("0x2a");
    }

    @Test
    void getDataIsTextWhenItIsUtf8AndBase64OtherwiseOrWhenAskedFor() {
        Request get = new Request.GetData("/a", false);
        JsonObject text = reply(0, OpCode.GET_DATA, get, new Response.Data("hé ✓".getBytes(StandardCharsets.UTF_8), STAT), false);
        assertThat(text.getString("type")).isEqualTo("reply");
        assertThat(text.getLong("id")).isEqualTo(5L);
        assertThat(text.getString("zxid")).isEqualTo("0x10000000a");
        JsonObject result = text.getJsonObject("result");
        assertThat(result.getString("data")).isEqualTo("hé ✓");
        assertThat(result.containsKey("dataBase64")).isFalse();
        JsonObject stat = result.getJsonObject("stat");
        assertThat(stat.getString("czxid")).isEqualTo("0x100000001");
        assertThat(stat.getString("pzxid")).isEqualTo("0x100000003");
        assertThat(stat.getString("ephemeralOwner")).isEqualTo("0x10000000000abc");
        assertThat(stat.getLong("mtime")).isEqualTo(2000);
        assertThat(stat.getInteger("numChildren")).isEqualTo(7);

        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3};
        JsonObject raw = reply(0, OpCode.GET_DATA, get, new Response.Data(binary, STAT), false).getJsonObject("result");
        assertThat(raw.containsKey("data")).isFalse();
        assertThat(Base64.getDecoder().decode(raw.getString("dataBase64"))).isEqualTo(binary);
        JsonObject asked = reply(0, OpCode.GET_DATA, get, new Response.Data("abc".getBytes(StandardCharsets.UTF_8), STAT),
                true).getJsonObject("result");
        assertThat(asked.getString("dataBase64")).isEqualTo("YWJj");
        JsonObject nothing = reply(0, OpCode.GET_DATA, get, new Response.Data(null, STAT), false).getJsonObject("result");
        assertThat(nothing.containsKey("data")).isTrue();
        assertThat(nothing.getValue("data")).isNull();
    }

    @Test
    void errorsHaveTheirNameZooKeeperNumberAndAMessageNamingOpAndPath() {
        JsonObject error = reply(ErrorCode.NONODE, OpCode.GET_DATA, new Request.GetData("/missing", false), null, false)
                .getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("NONODE");
        assertThat(error.getInteger("zkCode")).isEqualTo(-101);
        assertThat(error.getString("message")).contains("does not exist").contains("getData /missing");

        JsonObject gone = reply(ErrorCode.HISTORY_GONE, OpCode.ADD_WATCH, new Request.AddWatch("/w", 1, 3),
                new Response.HistoryGone(0x100000020L), false).getJsonObject("error");
        assertThat(gone.getString("code")).isEqualTo("HISTORY_GONE");
        assertThat(gone.containsKey("zkCode")).isTrue();
        assertThat(gone.getValue("zkCode")).isNull();
        assertThat(gone.getString("oldestZxid")).isEqualTo("0x100000020");

        JsonObject busy = reply(ErrorCode.HISTORY_BUSY, OpCode.ADD_WATCH, new Request.AddWatch("/w", 1, 3), null, false)
                .getJsonObject("error");
        assertThat(busy.getString("code")).isEqualTo("HISTORY_BUSY");
        assertThat(busy.getValue("zkCode")).isNull();
        assertThat(busy.getString("message")).contains("try again").contains("addWatch /w");
    }

    @Test
    void aFailedMultiIsAnErrorNamingTheFailingOpWithEveryOpsResult() {
        Request.Multi multi = new Request.Multi(List.of(new Request.Create(OpCode.CREATE2, "/m", new byte[0],
                Acl.OPEN_ACL_UNSAFE, 0, -1), new Request.Delete("/absent", -1), new Request.SetData("/m", new byte[0], -1)));
        Response.MultiResult results = new Response.MultiResult(List.of(
                new Response.OpResult(-1, 0, new Response.ErrorBody(0)),
                new Response.OpResult(-1, ErrorCode.NONODE, new Response.ErrorBody(ErrorCode.NONODE)),
                new Response.OpResult(-1, ErrorCode.RUNTIMEINCONSISTENCY, new Response.ErrorBody(-2))));
        JsonObject m = reply(0, OpCode.MULTI, multi, results, false);
        assertThat(m.getJsonObject("error").getString("code")).isEqualTo("NONODE");
        assertThat(m.getJsonObject("error").getString("message")).startsWith("multi op 1 failed").contains("/absent");
        JsonArray each = m.getJsonArray("results");
        assertThat(each).hasSize(3);
        assertThat(each.getJsonObject(0).getJsonObject("error").getString("code")).isEqualTo("OK");
        assertThat(each.getJsonObject(2).getJsonObject("error").getString("code")).isEqualTo("RUNTIMEINCONSISTENCY");

        Response.MultiResult ok = new Response.MultiResult(List.of(
                new Response.OpResult(OpCode.CREATE2, 0, new Response.Created("/m", STAT)),
                new Response.OpResult(OpCode.DELETE, 0, null),
                new Response.OpResult(OpCode.SET_DATA, 0, new Response.StatOnly(STAT))));
        JsonArray done = reply(0, OpCode.MULTI, multi, ok, false).getJsonObject("result").getJsonArray("results");
        assertThat(done.getJsonObject(0).getString("op")).isEqualTo("create");
        assertThat(done.getJsonObject(0).getString("path")).isEqualTo("/m");
        assertThat(done.getJsonObject(1).getString("op")).isEqualTo("delete");
        assertThat(done.getJsonObject(2).getJsonObject("stat").getInteger("version")).isEqualTo(3);
    }

    @Test
    void otherResultShapes() {
        assertThat(reply(0, OpCode.GET_CHILDREN2, null, new Response.Children(List.of("a", "b"), STAT), false)
                .getJsonObject("result").getJsonArray("children")).containsExactly("a", "b");
        assertThat(reply(0, OpCode.GET_ACL, null, new Response.AclList(List.of(new Acl(31, Id.ANYONE)), STAT), false)
                .getJsonObject("result").getJsonArray("acl").getJsonObject(0).getString("scheme")).isEqualTo("world");
        assertThat(reply(0, OpCode.GET_ALL_CHILDREN_NUMBER, null, new Response.Count(12), false)
                .getJsonObject("result").getInteger("count")).isEqualTo(12);
        assertThat(reply(0, OpCode.WHO_AM_I, null, new Response.WhoAmI(List.of(new Response.ClientInfo("ip", "127.0.0.1"))),
                false).getJsonObject("result").getJsonArray("clientInfo").getJsonObject(0).getString("user"))
                .isEqualTo("127.0.0.1");
        assertThat(reply(0, OpCode.ADD_WATCH, null, new Response.ErrorBody(0), false).getJsonObject("result")).isEmpty();
        assertThat(reply(0, OpCode.SYNC, null, new Response.SyncPath("/"), false).getJsonObject("result")
                .getString("path")).isEqualTo("/");
    }

    @Test
    void eventsCarryTheirZxidAndTheAddWatchTheyReplayFor() {
        JsonWriter w = new JsonWriter();
        JsonReplies.event(w, 0x10000000bL, new WatchEvent(EventType.NODE_DATA_CHANGED, "/a"), null);
        JsonReplies.event(w, 0x10000000cL, new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/"), "w1");
        JsonReplies.event(w, -1, new WatchEvent(EventType.NODE_DELETED, "/b"), null);
        assertThat(w.messageCount()).isEqualTo(3);
        JsonObject live = new JsonObject(w.message(0));
        assertThat(live.getString("type")).isEqualTo("event");
        assertThat(live.getString("event")).isEqualTo("NodeDataChanged");
        assertThat(live.getString("path")).isEqualTo("/a");
        assertThat(live.getString("zxid")).isEqualTo("0x10000000b");
        assertThat(live.containsKey("replayFor")).isFalse();
        assertThat(new JsonObject(w.message(1)).getString("replayFor")).isEqualTo("w1");
        assertThat(new JsonObject(w.message(2)).getValue("zxid")).isNull();
    }

    @Test
    void closingAndProtocolErrorsHaveTheSameErrorShape() {
        JsonWriter w = new JsonWriter();
        JsonReplies.closing(w, CloseReason.SESSIONEXPIRED, "gone");
        JsonReplies.closing(w, CloseReason.NO_LEADER, "no leader");
        JsonReplies.invalid(w, null, 7, JsonErrors.BAD_JSON, "not JSON");
        JsonReplies.invalid(w, 3L, 7, JsonErrors.UNKNOWN_OP, "unknown op");
        JsonObject expired = new JsonObject(w.message(0));
        assertThat(expired.getString("type")).isEqualTo("closing");
        assertThat(expired.getJsonObject("error").getString("code")).isEqualTo("SESSIONEXPIRED");
        assertThat(expired.getJsonObject("error").getInteger("zkCode")).isEqualTo(-112);
        assertThat(new JsonObject(w.message(1)).getJsonObject("error").getValue("zkCode")).isNull();
        JsonObject bad = new JsonObject(w.message(2));
        assertThat(bad.getString("type")).isEqualTo("error");
        assertThat(bad.getJsonObject("error").getInteger("zkCode")).isEqualTo(-5);
        JsonObject unknown = new JsonObject(w.message(3));
        assertThat(unknown.getString("type")).isEqualTo("reply");
        assertThat(unknown.getLong("id")).isEqualTo(3L);
        assertThat(unknown.getJsonObject("error").getInteger("zkCode")).isEqualTo(-6);
        w.reset(1 << 20);
        assertThat(w.messageCount()).isZero();
    }

    @Property(tries = 500)
    void anyStringSurvivesTheWritersEscaping(@ForAll String value) {
        JsonWriter w = new JsonWriter();
        w.beginMessage().name(value).value(value).name("list").beginArray().value(value).value(1).nullValue()
                .value(true).endArray().endMessage();
        String text = w.message(0);
        JsonObject parsed = new JsonObject(text);
        assertThat(parsed.getString(value)).isEqualTo(value);
        assertThat(parsed.getJsonArray("list").getString(0)).isEqualTo(value);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).as("valid UTF-8 round trip")
                .isEqualTo(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(text).doesNotContain("\u2028").doesNotContain("\n");
    }
}
