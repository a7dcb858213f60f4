package io.paddock.wire.json;

import io.paddock.model.Acl;
import io.paddock.model.ConnectRequest;
import io.paddock.model.CreateMode;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.WatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes the WebSocket protocol's client messages (docs/websocket-protocol.md) into the same
 * {@link Request} records the ZooKeeper protocol decodes to, so that the node runs both through
 * one session layer. A message is one JSON object with an {@code "op"}; every op but
 * {@code connect} needs an {@code "id"} (a JSON integer or a string), echoed in its reply.
 *
 * <p>Never throws: a message that cannot be acted on becomes {@link JsonMessage.Invalid} with a
 * typed code and a message naming the problem. Paths are passed through unvalidated, as the
 * ZooKeeper protocol's are: the planner and the reads answer a bad path as ZooKeeper does.
 *
 * <p>Stateless; any thread.
 */
public final class JsonRequests {
    /** The ops a session may send, for the UNKNOWN_OP message. */
    static final List<String> OPS = List.of("create", "delete", "exists", "getData", "setData", "getChildren",
            "getAllChildrenNumber", "getEphemerals", "multi", "multiRead", "sync", "getACL", "setACL", "addAuth",
            "whoAmI", "addWatch", "removeWatches", "checkWatches", "setWatches", "ping", "close");

    /** A session's timeout when the connect message does not ask for one (then clamped by the node). */
    static final int DEFAULT_TIMEOUT_MS = 30_000;

    private JsonRequests() {}

    /**
     * Decodes the message in {@code bytes[0, length)}. {@code maxDataBytes} bounds the znode
     * data one request carries (summed over a multi), as jute.maxbuffer bounds a ZooKeeper frame.
     */
    public static JsonMessage decode(byte[] bytes, int length, int maxDataBytes) {
        Object id = null;
        try {
            Object value = JsonReader.parse(bytes, length);
            if (!(value instanceof Map<?, ?> map)) {
                throw new JsonException(JsonErrors.BAD_JSON, "a message must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Fields fields = new Fields((Map<String, Object>) map, "");
            id = idOf(map);
            String op = fields.string("op");
            if ("connect".equals(op)) {
                return new JsonMessage.Connect(id, connect(fields));
            }
            if (id == null) {
                throw fields.bad("id", "is required (an integer or a string, echoed in the reply)");
            }
            Request request = request(op, fields);
            long dataBytes = dataBytes(request);
            if (dataBytes > maxDataBytes) {
                throw new JsonException(JsonErrors.TOO_LARGE, op + " carries " + dataBytes
                        + " bytes of znode data; the limit is " + maxDataBytes + " (juteMaxBufferBytes)");
            }
            return new JsonMessage.Op(id, op, request, fields.base64Replies());
        } catch (JsonException e) {
            return new JsonMessage.Invalid(id, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // A bug in reading a well-formed message must not take the node down with it.
            return new JsonMessage.Invalid(id, JsonErrors.BAD_REQUEST, "could not read the request ("
                    + e.getClass().getSimpleName() + "): " + e.getMessage());
        }
    }

    /** The id as sent: a Long or a String; anything else is a bad request (with no id to answer to). */
    private static Object idOf(Map<?, ?> map) throws JsonException {
        Object id = map.get("id");
        if (id == null || id instanceof Long || id instanceof String) {
            return id;
        }
        throw new JsonException(JsonErrors.BAD_REQUEST, "field 'id' must be an integer or a string");
    }

    private static ConnectRequest connect(Fields f) throws JsonException {
        int timeoutMs = (int) f.integer("timeoutMs", DEFAULT_TIMEOUT_MS, 0, Integer.MAX_VALUE);
        long sessionId = f.id64("sessionId", 0);
        long lastZxidSeen = f.id64("lastZxidSeen", 0);
        byte[] password = f.base64("password");
        return new ConnectRequest(0, lastZxidSeen, timeoutMs, sessionId, password, false, true);
    }

    private static Request request(String op, Fields f) throws JsonException {
        return switch (op) {
            case "create" -> create(f);
            case "delete" -> new Request.Delete(f.path(), f.version());
            case "exists" -> new Request.Exists(f.path(), f.bool("watch", false));
            case "getData" -> new Request.GetData(f.path(), f.bool("watch", false));
            case "setData" -> new Request.SetData(f.path(), f.data(), f.version());
            case "getChildren" -> new Request.GetChildren(f.bool("stat", false) ? OpCode.GET_CHILDREN2
                    : OpCode.GET_CHILDREN, f.path(), f.bool("watch", false));
            case "getAllChildrenNumber" -> new Request.GetAllChildrenNumber(f.path());
            case "getEphemerals" -> new Request.GetEphemerals(f.string("prefix", "/"));
            case "multi" -> new Request.Multi(ops(f, false));
            case "multiRead" -> new Request.MultiRead(ops(f, true));
            case "sync" -> new Request.Sync(f.string("path", "/"));
            case "getACL" -> new Request.GetAcl(f.path());
            case "setACL" -> new Request.SetAcl(f.path(), requiredAcl(f), f.version());
            default -> session(op, f);
        };
    }

    /** The ops about the session and its watches rather than znodes. */
    private static Request session(String op, Fields f) throws JsonException {
        return switch (op) {
            case "addAuth" -> new Request.Auth(0, f.string("scheme"), f.bytes("auth", "authBase64"));
            case "whoAmI" -> new Request.WhoAmI();
            case "addWatch" -> new Request.AddWatch(f.path(), addWatchMode(f), fromZxid(f));
            case "removeWatches" -> new Request.RemoveWatches(OpCode.REMOVE_WATCHES, f.path(), watcherType(f));
            case "checkWatches" -> new Request.RemoveWatches(OpCode.CHECK_WATCHES, f.path(), watcherType(f));
            case "setWatches" -> new Request.SetWatches(OpCode.SET_WATCHES2, f.id64("relativeZxid", 0),
                    f.strings("dataWatches"), f.strings("existWatches"), f.strings("childWatches"),
                    f.strings("persistentWatches"), f.strings("persistentRecursiveWatches"));
            case "ping" -> new Request.Ping();
            case "close" -> new Request.CloseSession();
            default -> throw new JsonException(JsonErrors.UNKNOWN_OP, "unknown op '" + op + "'; the ops are "
                    + String.join(", ", OPS) + ", and connect first");
        };
    }

    private static List<Acl> requiredAcl(Fields f) throws JsonException {
        if (!f.has("acl")) {
            throw f.bad("acl", "is required (an array of {perms, scheme, id})");
        }
        return f.acl("acl", Acl.OPEN_ACL_UNSAFE);
    }

    /**
     * create of every mode: the mode picks the opcode as the Java client does (containers go as
     * createContainer, TTL modes as createTTL with {@code ttl} ms, the rest as create2, whose
     * reply carries the Stat). The default ACL is world:anyone with every permission.
     */
    private static Request.Create create(Fields f) throws JsonException {
        String modeName = f.string("mode", CreateMode.PERSISTENT.name());
        CreateMode mode;
        try {
            mode = CreateMode.valueOf(modeName);
        } catch (IllegalArgumentException e) {
            throw f.bad("mode", "must be one of " + java.util.Arrays.toString(CreateMode.values()) + ", not '"
                    + modeName + "'");
        }
        int opcode = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTtl() ? OpCode.CREATE_TTL : OpCode.CREATE2;
        long ttl = f.integer("ttl", -1, Long.MIN_VALUE, Long.MAX_VALUE);
        return new Request.Create(opcode, f.path(), f.data(), f.acl("acl", Acl.OPEN_ACL_UNSAFE), mode.flag, ttl);
    }

    private static int addWatchMode(Fields f) throws JsonException {
        String mode = f.string("mode", "PERSISTENT");
        return switch (mode) {
            case "PERSISTENT" -> WatcherType.ADD_WATCH_PERSISTENT;
            case "PERSISTENT_RECURSIVE" -> WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE;
            default -> throw f.bad("mode", "must be \"PERSISTENT\" or \"PERSISTENT_RECURSIVE\", not '" + mode + "'");
        };
    }

    private static long fromZxid(Fields f) throws JsonException {
        long zxid = f.id64("fromZxid", Request.AddWatch.LIVE);
        if (f.has("fromZxid") && zxid < 0) {
            throw f.bad("fromZxid", "must not be negative");
        }
        return zxid;
    }

    private static int watcherType(Fields f) throws JsonException {
        String type = f.string("type", "ANY");
        return switch (type) {
            case "CHILDREN" -> WatcherType.CHILDREN;
            case "DATA" -> WatcherType.DATA;
            case "ANY" -> WatcherType.ANY;
            case "PERSISTENT" -> WatcherType.PERSISTENT;
            case "PERSISTENT_RECURSIVE" -> WatcherType.PERSISTENT_RECURSIVE;
            default -> throw f.bad("type", "must be CHILDREN, DATA, ANY, PERSISTENT or PERSISTENT_RECURSIVE, not '"
                    + type + "'");
        };
    }

    /** The ops of a multi (create, delete, setData, check) or a multiRead (getData, getChildren). */
    private static List<Request> ops(Fields f, boolean readOnly) throws JsonException {
        List<Object> list = f.list("ops");
        List<Request> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw f.bad("ops", "must be an array of objects; op " + i + " is not");
            }
            @SuppressWarnings("unchecked")
            Fields op = new Fields((Map<String, Object>) map, (readOnly ? "multiRead" : "multi") + " op " + i + ": ");
            out.add(readOnly ? readOp(op) : writeOp(op));
        }
        return List.copyOf(out);
    }

    private static Request writeOp(Fields f) throws JsonException {
        String op = f.string("op");
        return switch (op) {
            case "create" -> create(f);
            case "delete" -> new Request.Delete(f.path(), f.version());
            case "setData" -> new Request.SetData(f.path(), f.data(), f.version());
            case "check" -> new Request.Check(f.path(), f.version());
            default -> throw f.bad("op", "must be create, delete, setData or check inside a multi, not '" + op + "'");
        };
    }

    private static Request readOp(Fields f) throws JsonException {
        String op = f.string("op");
        return switch (op) {
            case "getData" -> new Request.GetData(f.path(), false);
            case "getChildren" -> new Request.GetChildren(OpCode.GET_CHILDREN, f.path(), false);
            default -> throw f.bad("op", "must be getData or getChildren inside a multiRead, not '" + op + "'");
        };
    }

    /** Znode data a request carries: create and setData, summed over a multi. */
    static long dataBytes(Request request) {
        if (request instanceof Request.Create create) {
            return create.data() == null ? 0 : create.data().length;
        }
        if (request instanceof Request.SetData set) {
            return set.data() == null ? 0 : set.data().length;
        }
        if (request instanceof Request.Multi multi) {
            long total = 0;
            for (Request op : multi.ops()) {
                total += dataBytes(op);
            }
            return total;
        }
        return 0;
    }
}
