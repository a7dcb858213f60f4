package io.paddock.wire.json;

import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import io.paddock.model.WatchEvent;
import io.paddock.model.Zxid;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Encodes what the node sends on the WebSocket protocol (docs/websocket-protocol.md), one JSON
 * message per call into a {@link JsonWriter}: {@code connected}, {@code reply} (a result or an
 * error), {@code event} and {@code closing}. Every message has a {@code "type"}.
 *
 * <p>Zxids and session ids are written as {@code "0x..."} hex strings (they are 64-bit, and
 * JavaScript numbers hold 53 bits); -1, the zxid of an event synthesized by setWatches, is null.
 * Znode data is {@code "data"}, a string, when it is valid UTF-8 and the request did not ask for
 * base64, and {@code "dataBase64"} otherwise, so no byte is ever lost; null data is null.
 *
 * <p>Stateless; called on the connection's event loop.
 */
public final class JsonReplies {
    private JsonReplies() {}

    /** The answer to a connect that opened or reattached a session; {@code zxid} is the node's last applied one. */
    public static void connected(JsonWriter w, Object id, ConnectResponse response, long zxid) {
        w.beginMessage().name("type").value("connected");
        if (id != null) {
            w.name("id").id(id);
        }
        w.name("sessionId").value(Zxid.hex(response.sessionId()))
                .name("password").value(Base64.getEncoder().encodeToString(response.passwd()))
                .name("timeoutMs").value(response.timeoutMs())
                .name("zxid").value(Zxid.hex(zxid));
        w.endMessage();
    }

    /**
     * A reply to request {@code id}: {@code "result"} when {@code err} is 0, else
     * {@code "error"}. A failed multi (err 0 on the wire, with error results) is written as an
     * error, the first op's real failure, plus the per-op {@code "results"}.
     */
    public static void reply(JsonWriter w, Object id, long zxid, int err, int opcode, Request request, Response body,
                             boolean base64) {
        w.beginMessage().name("type").value("reply").name("id").id(id).name("zxid").value(zxidText(zxid));
        if (err != ErrorCode.OK) {
            w.name("error");
            error(w, err, JsonErrors.describe(err) + where(opcode, request));
            if (body instanceof Response.HistoryGone gone) {
                w.name("oldestZxid").value(Zxid.hex(gone.oldestZxid()));
            }
            w.endObject();
        } else if (opcode == OpCode.MULTI && body instanceof Response.MultiResult multi && failed(multi)) {
            failedMulti(w, multi, request);
        } else {
            w.name("result");
            JsonBodies.body(w, body, base64);
        }
        w.endMessage();
    }

    /** A protocol error: a reply to {@code id} when it is known, else a message of type "error". */
    public static void invalid(JsonWriter w, Object id, long zxid, String code, String message) {
        w.beginMessage();
        if (id != null) {
            w.name("type").value("reply").name("id").id(id).name("zxid").value(zxidText(zxid));
        } else {
            w.name("type").value("error");
        }
        w.name("error").beginObject().name("code").value(code).name("zkCode");
        Integer zkCode = JsonErrors.zkCodeOf(code);
        if (zkCode == null) {
            w.nullValue();
        } else {
            w.value(zkCode);
        }
        w.name("message").value(message).endObject();
        w.endMessage();
    }

    /**
     * A watch event with the zxid of the txn that fired it. {@code replayFor} is the id of the
     * addWatch whose history replay this event belongs to, or null for a live event.
     */
    public static void event(JsonWriter w, long zxid, WatchEvent event, Object replayFor) {
        w.beginMessage().name("type").value("event").name("event").value(eventName(event.type()))
                .name("path").value(event.path()).name("zxid").value(zxidText(zxid));
        if (replayFor != null) {
            w.name("replayFor").id(replayFor);
        }
        w.endMessage();
    }

    /** The last message before the node closes the connection, saying why. */
    public static void closing(JsonWriter w, CloseReason reason, String message) {
        w.beginMessage().name("type").value("closing").name("error").beginObject()
                .name("code").value(reason.name()).name("zkCode");
        if (reason.err == null || JsonErrors.zkCodeOf(reason.err) == null) {
            w.nullValue();
        } else {
            w.value(reason.err);
        }
        w.name("message").value(message).endObject();
        w.endMessage();
    }

    /** Opens an error object and writes code, zkCode and message; the caller may add fields, then closes it. */
    static void error(JsonWriter w, int err, String message) {
        w.beginObject().name("code").value(JsonErrors.nameOf(err)).name("zkCode");
        Integer zkCode = JsonErrors.zkCodeOf(err);
        if (zkCode == null) {
            w.nullValue();
        } else {
            w.value(zkCode);
        }
        w.name("message").value(message);
    }

    private static boolean failed(Response.MultiResult multi) {
        for (Response.OpResult result : multi.results()) {
            if (result.type() == OpCode.ERROR) {
                return true;
            }
        }
        return false;
    }

    /** The failing op is the first whose error is neither OK nor "not run because of an earlier op". */
    private static void failedMulti(JsonWriter w, Response.MultiResult multi, Request request) {
        List<Response.OpResult> results = multi.results();
        int failing = 0;
        for (int i = 0; i < results.size(); i++) {
            int err = results.get(i).err();
            if (err != ErrorCode.OK && err != ErrorCode.RUNTIMEINCONSISTENCY) {
                failing = i;
                break;
            }
        }
        Request op = request instanceof Request.Multi m && failing < m.ops().size() ? m.ops().get(failing) : null;
        int err = results.get(failing).err();
        w.name("error");
        error(w, err, "multi op " + failing + " failed: " + JsonErrors.describe(err)
                + (op == null ? "" : where(op.opcode(), op)));
        w.endObject();
        w.name("results");
        JsonBodies.results(w, results, false);
    }

    /** " (getData /a)": what the error was about, for its message. */
    private static String where(int opcode, Request request) {
        String path = pathOf(request);
        return " (" + JsonBodies.opName(opcode) + (path == null ? "" : " " + path) + ")";
    }

    static String pathOf(Request request) {
        if (request instanceof Request.Create r) return r.path();
        if (request instanceof Request.Delete r) return r.path();
        if (request instanceof Request.SetData r) return r.path();
        if (request instanceof Request.SetAcl r) return r.path();
        if (request instanceof Request.Check r) return r.path();
        if (request instanceof Request.Exists r) return r.path();
        if (request instanceof Request.GetData r) return r.path();
        if (request instanceof Request.GetChildren r) return r.path();
        if (request instanceof Request.GetAcl r) return r.path();
        if (request instanceof Request.GetAllChildrenNumber r) return r.path();
        if (request instanceof Request.Sync r) return r.path();
        if (request instanceof Request.AddWatch r) return r.path();
        if (request instanceof Request.RemoveWatches r) return r.path();
        return null;
    }

    static String eventName(int type) {
        return switch (type) {
            case EventType.NODE_CREATED -> "NodeCreated";
            case EventType.NODE_DELETED -> "NodeDeleted";
            case EventType.NODE_DATA_CHANGED -> "NodeDataChanged";
            case EventType.NODE_CHILDREN_CHANGED -> "NodeChildrenChanged";
            default -> "Event" + type;
        };
    }

    /** A zxid as the protocol writes it: hex, or null for -1 (no txn). */
    static String zxidText(long zxid) {
        return zxid == -1 ? null : Zxid.hex(zxid);
    }

    static void stat(JsonWriter w, Stat stat) {
        w.beginObject().name("czxid").value(Zxid.hex(stat.czxid())).name("mzxid").value(Zxid.hex(stat.mzxid()))
                .name("ctime").value(stat.ctime()).name("mtime").value(stat.mtime())
                .name("version").value(stat.version()).name("cversion").value(stat.cversion())
                .name("aversion").value(stat.aversion())
                .name("ephemeralOwner").value(Zxid.hex(stat.ephemeralOwner()))
                .name("dataLength").value(stat.dataLength()).name("numChildren").value(stat.numChildren())
                .name("pzxid").value(Zxid.hex(stat.pzxid())).endObject();
    }

    /** Znode data: {@code "data"} as text when it is valid UTF-8 and base64 was not asked for, else {@code "dataBase64"}. */
    static void data(JsonWriter w, byte[] data, boolean base64) {
        if (data == null) {
            w.name(base64 ? "dataBase64" : "data").nullValue();
            return;
        }
        String text = base64 ? null : utf8(data);
        if (text != null) {
            w.name("data").value(text);
        } else {
            w.name("dataBase64").value(Base64.getEncoder().encodeToString(data));
        }
    }

    /** The text of {@code data}, or null when it is not valid UTF-8. */
    static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
