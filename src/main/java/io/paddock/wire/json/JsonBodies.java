package io.paddock.wire.json;

import io.paddock.model.Acl;
import io.paddock.model.OpCode;
import io.paddock.model.Response;
import java.util.List;

/**
 * The {@code "result"} objects of the WebSocket protocol's replies, one shape per
 * {@link Response} record (docs/websocket-protocol.md lists them per op), and the op names the
 * protocol uses. Stateless; called on the connection's event loop.
 */
final class JsonBodies {
    private JsonBodies() {}

    static void body(JsonWriter w, Response body, boolean base64) {
        w.beginObject();
        if (body instanceof Response.Created created) {
            w.name("path").value(created.path());
            if (created.stat() != null) {
                w.name("stat");
                JsonReplies.stat(w, created.stat());
            }
        } else if (body instanceof Response.StatOnly stat) {
            w.name("stat");
            JsonReplies.stat(w, stat.stat());
        } else if (body instanceof Response.Data data) {
            JsonReplies.data(w, data.data(), base64);
            w.name("stat");
            JsonReplies.stat(w, data.stat());
        } else if (body instanceof Response.Children children) {
            strings(w.name("children"), children.children());
            if (children.stat() != null) {
                w.name("stat");
                JsonReplies.stat(w, children.stat());
            }
        } else if (body instanceof Response.AclList acl) {
            acl(w.name("acl"), acl.acl());
            w.name("stat");
            JsonReplies.stat(w, acl.stat());
        } else if (body instanceof Response.MultiResult multi) {
            results(w.name("results"), multi.results(), base64);
        } else {
            smallBody(w, body);
        }
        w.endObject();
    }

    /** The members of the bodies with one or two fields; Empty, null and addWatch's ErrorBody have none. */
    private static void smallBody(JsonWriter w, Response body) {
        if (body instanceof Response.SyncPath sync) {
            w.name("path").value(sync.path());
        } else if (body instanceof Response.Count count) {
            w.name("count").value(count.count());
        } else if (body instanceof Response.Paths paths) {
            strings(w.name("paths"), paths.paths());
        } else if (body instanceof Response.WhoAmI whoAmI) {
            w.name("clientInfo").beginArray();
            for (Response.ClientInfo info : whoAmI.clients()) {
                w.beginObject().name("scheme").value(info.authScheme()).name("user").value(info.user()).endObject();
            }
            w.endArray();
        }
    }

    /** The per-op results of a multi or multiRead: {@code {"op": ..., ...}}, errors as {@code {"op": "error", "error": ...}}. */
    static void results(JsonWriter w, List<Response.OpResult> results, boolean base64) {
        w.beginArray();
        for (Response.OpResult result : results) {
            w.beginObject().name("op").value(result.type() == OpCode.ERROR ? "error" : opName(result.type()));
            if (result.type() == OpCode.ERROR) {
                w.name("error");
                JsonReplies.error(w, result.err(), JsonErrors.describe(result.err()));
                w.endObject();
            } else if (result.body() instanceof Response.Created created) {
                w.name("path").value(created.path());
                if (created.stat() != null) {
                    w.name("stat");
                    JsonReplies.stat(w, created.stat());
                }
            } else if (result.body() instanceof Response.StatOnly stat) {
                w.name("stat");
                JsonReplies.stat(w, stat.stat());
            } else if (result.body() instanceof Response.Data data) {
                JsonReplies.data(w, data.data(), base64);
                w.name("stat");
                JsonReplies.stat(w, data.stat());
            } else if (result.body() instanceof Response.Children children) {
                strings(w.name("children"), children.children());
            }
            w.endObject();
        }
        w.endArray();
    }

    private static void strings(JsonWriter w, List<String> values) {
        w.beginArray();
        if (values != null) {
            for (String value : values) {
                w.value(value);
            }
        }
        w.endArray();
    }

    private static void acl(JsonWriter w, List<Acl> acl) {
        w.beginArray();
        if (acl != null) {
            for (Acl entry : acl) {
                w.beginObject().name("perms").value(entry.perms()).name("scheme").value(entry.id().scheme())
                        .name("id").value(entry.id().id()).endObject();
            }
        }
        w.endArray();
    }

    /** The protocol's name of an opcode (or a multi result type). */
    static String opName(int opcode) {
        return switch (opcode) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL -> "create";
            case OpCode.DELETE -> "delete";
            case OpCode.EXISTS -> "exists";
            case OpCode.GET_DATA -> "getData";
            case OpCode.SET_DATA -> "setData";
            case OpCode.GET_ACL -> "getACL";
            case OpCode.SET_ACL -> "setACL";
            case OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> "getChildren";
            case OpCode.SYNC -> "sync";
            case OpCode.PING -> "ping";
            case OpCode.CHECK -> "check";
            case OpCode.MULTI -> "multi";
            case OpCode.MULTI_READ -> "multiRead";
            case OpCode.AUTH -> "addAuth";
            case OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> "setWatches";
            case OpCode.GET_EPHEMERALS -> "getEphemerals";
            case OpCode.GET_ALL_CHILDREN_NUMBER -> "getAllChildrenNumber";
            case OpCode.ADD_WATCH -> "addWatch";
            case OpCode.REMOVE_WATCHES -> "removeWatches";
            case OpCode.CHECK_WATCHES -> "checkWatches";
            case OpCode.WHO_AM_I -> "whoAmI";
            case OpCode.CLOSE_SESSION -> "close";
            default -> OpCode.name(opcode).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
