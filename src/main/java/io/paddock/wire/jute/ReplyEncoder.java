package io.paddock.wire.jute;

import io.paddock.model.OpCode;
import io.paddock.model.Response;
import java.util.List;

/**
 * Writes successful reply bodies (zk-protocol.md 4.2, 4.3). Stateless. A body that does not
 * fit its opcode is a programmer error in the node and throws IllegalStateException.
 */
final class ReplyEncoder {
    private ReplyEncoder() {}

    static void writeBody(JuteWriter w, int opcode, Response body) {
        if (body == null || body instanceof Response.Empty) {
            return;
        }
        if (body instanceof Response.Created) {
            Response.Created c = (Response.Created) body;
            w.writeString(c.path());
            // create(1) answers CreateResponse; create2, createContainer and createTTL answer Create2Response.
            if (opcode != OpCode.CREATE) {
                JuteRecords.writeStat(w, c.stat());
            }
        } else if (body instanceof Response.StatOnly) {
            JuteRecords.writeStat(w, ((Response.StatOnly) body).stat());
        } else if (body instanceof Response.Data) {
            Response.Data d = (Response.Data) body;
            w.writeBuffer(d.data());
            JuteRecords.writeStat(w, d.stat());
        } else if (body instanceof Response.Children) {
            Response.Children c = (Response.Children) body;
            w.writeStringVector(nonNull(c.children()));
            if (opcode == OpCode.GET_CHILDREN2) {
                JuteRecords.writeStat(w, c.stat());
            }
        } else if (body instanceof Response.AclList) {
            Response.AclList a = (Response.AclList) body;
            JuteRecords.writeAcls(w, nonNull(a.acl()));
            JuteRecords.writeStat(w, a.stat());
        } else if (body instanceof Response.MultiResult) {
            writeMulti(w, ((Response.MultiResult) body).results());
        } else {
            writeSmallBody(w, body);
        }
    }

    private static void writeSmallBody(JuteWriter w, Response body) {
        if (body instanceof Response.SyncPath) {
            w.writeString(((Response.SyncPath) body).path());
        } else if (body instanceof Response.ErrorBody) {
            w.writeInt(((Response.ErrorBody) body).err());
        } else if (body instanceof Response.Count) {
            w.writeInt(((Response.Count) body).count());
        } else if (body instanceof Response.Paths) {
            w.writeStringVector(nonNull(((Response.Paths) body).paths()));
        } else if (body instanceof Response.WhoAmI) {
            List<Response.ClientInfo> clients = nonNull(((Response.WhoAmI) body).clients());
            int n = clients.size();
            w.writeInt(n);
            for (int i = 0; i < n; i++) {
                w.writeString(clients.get(i).authScheme());
                w.writeString(clients.get(i).user());
            }
        } else {
            throw new IllegalStateException("no encoding for reply body " + body.getClass().getSimpleName());
        }
    }

    /** MultiResponse: per result MultiHeader{type, false, err} + body, then {-1, true, -1}. */
    private static void writeMulti(JuteWriter w, List<Response.OpResult> results) {
        int n = results.size();
        for (int i = 0; i < n; i++) {
            Response.OpResult res = results.get(i);
            w.writeInt(res.type());
            w.writeBool(false);
            w.writeInt(res.err());
            writeOpResultBody(w, res);
        }
        w.writeInt(-1);
        w.writeBool(true);
        w.writeInt(-1);
    }

    private static void writeOpResultBody(JuteWriter w, Response.OpResult res) {
        switch (res.type()) {
            case OpCode.CREATE:
                w.writeString(expect(res, Response.Created.class).path());
                break;
            case OpCode.CREATE2: {
                Response.Created c = expect(res, Response.Created.class);
                w.writeString(c.path());
                JuteRecords.writeStat(w, c.stat());
                break;
            }
            case OpCode.DELETE: case OpCode.CHECK:
                break;
            case OpCode.SET_DATA:
                JuteRecords.writeStat(w, expect(res, Response.StatOnly.class).stat());
                break;
            case OpCode.GET_DATA: {
                Response.Data d = expect(res, Response.Data.class);
                w.writeBuffer(d.data());
                JuteRecords.writeStat(w, d.stat());
                break;
            }
            case OpCode.GET_CHILDREN:
                w.writeStringVector(nonNull(expect(res, Response.Children.class).children()));
                break;
            case OpCode.ERROR:
                w.writeInt(res.err());
                break;
            default:
                throw new IllegalStateException("no multi result type " + res.type());
        }
    }

    private static <T> T expect(Response.OpResult res, Class<T> type) {
        if (!type.isInstance(res.body())) {
            throw new IllegalStateException("multi result type " + res.type() + " needs a " + type.getSimpleName()
                    + " body, got " + res.body());
        }
        return type.cast(res.body());
    }

    /** The Java client does not null-check returned lists, so a null list goes out empty. */
    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
