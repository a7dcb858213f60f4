package io.paddock.wire.jute;

import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Client-side reply decoding, the inverse of {@link ReplyEncoder}: reads the body of a
 * successful reply given the opcode of the request it answers (the reply itself does not
 * name its opcode; the client remembers it by xid). Stateless.
 *
 * <p>Null handling mirrors what the server may send: a null data buffer stays null, a null
 * vector of children, ACLs or paths reads as an empty list (the Java client would hand the
 * caller a null list; an empty one is what every caller means).
 */
final class ReplyDecoder {
    /** A multi result header: {@code int type, boolean done, int err}. */
    private static final int MULTI_HEADER_BYTES = 9;

    private ReplyDecoder() {}

    static Response readBody(JuteReader r, int opcode) throws MalformedFrameException {
        switch (opcode) {
            case OpCode.CREATE:
                return new Response.Created(r.readNonNullString("created path"), null);
            case OpCode.CREATE2: case OpCode.CREATE_CONTAINER: case OpCode.CREATE_TTL:
                return new Response.Created(r.readNonNullString("created path"), JuteRecords.readStat(r));
            case OpCode.EXISTS: case OpCode.SET_DATA: case OpCode.SET_ACL:
                return new Response.StatOnly(JuteRecords.readStat(r));
            case OpCode.GET_DATA: case OpCode.RECONFIG:
                return new Response.Data(r.readBuffer(), JuteRecords.readStat(r));
            case OpCode.GET_CHILDREN:
                return new Response.Children(r.readStringList("child name"), null);
            case OpCode.GET_CHILDREN2:
                return new Response.Children(r.readStringList("child name"), JuteRecords.readStat(r));
            case OpCode.GET_ACL:
                return new Response.AclList(JuteRecords.readAcls(r), JuteRecords.readStat(r));
            case OpCode.MULTI: case OpCode.MULTI_READ:
                return new Response.MultiResult(readMulti(r));
            default:
                return readSmallBody(r, opcode);
        }
    }

    /** The second half of the opcode table, split only to keep methods short. */
    private static Response readSmallBody(JuteReader r, int opcode) throws MalformedFrameException {
        switch (opcode) {
            case OpCode.SYNC:
                return new Response.SyncPath(r.readNonNullString("sync path"));
            case OpCode.ADD_WATCH:
                return new Response.ErrorBody(r.readInt());
            case OpCode.GET_ALL_CHILDREN_NUMBER:
                return new Response.Count(r.readInt());
            case OpCode.GET_EPHEMERALS:
                return new Response.Paths(r.readStringList("ephemeral path"));
            case OpCode.WHO_AM_I:
                return new Response.WhoAmI(readClientInfos(r));
            case OpCode.DELETE: case OpCode.PING: case OpCode.CLOSE_SESSION: case OpCode.AUTH:
            case OpCode.SET_WATCHES: case OpCode.SET_WATCHES2: case OpCode.REMOVE_WATCHES:
            case OpCode.CHECK_WATCHES: case OpCode.CHECK:
                return Response.Empty.INSTANCE;
            default:
                throw new MalformedFrameException("no reply layout for opcode " + opcode);
        }
    }

    private static List<Response.ClientInfo> readClientInfos(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(8);
        if (count <= 0) {
            return List.of();
        }
        ArrayList<Response.ClientInfo> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Response.ClientInfo(r.readString(), r.readString()));
        }
        return Collections.unmodifiableList(out);
    }

    /** MultiResponse: per result MultiHeader{type, false, err} + body, ended by {-1, true, -1}. */
    private static List<Response.OpResult> readMulti(JuteReader r) throws MalformedFrameException {
        ArrayList<Response.OpResult> out = new ArrayList<>();
        while (true) {
            if (r.remaining() < MULTI_HEADER_BYTES) {
                throw new MalformedFrameException("multi reply ends without its done marker");
            }
            int type = r.readInt();
            boolean done = r.readBool();
            int err = r.readInt();
            if (done) {
                return Collections.unmodifiableList(out);
            }
            out.add(new Response.OpResult(type, err, readOpResultBody(r, type)));
        }
    }

    private static Response readOpResultBody(JuteReader r, int type) throws MalformedFrameException {
        switch (type) {
            case OpCode.CREATE:
                return new Response.Created(r.readNonNullString("created path"), null);
            case OpCode.CREATE2: {
                String path = r.readNonNullString("created path");
                Stat stat = JuteRecords.readStat(r);
                return new Response.Created(path, stat);
            }
            case OpCode.DELETE: case OpCode.CHECK:
                return null;
            case OpCode.SET_DATA:
                return new Response.StatOnly(JuteRecords.readStat(r));
            case OpCode.GET_DATA:
                return new Response.Data(r.readBuffer(), JuteRecords.readStat(r));
            case OpCode.GET_CHILDREN:
                return new Response.Children(r.readStringList("child name"), null);
            case OpCode.ERROR:
                // The ErrorResponse body repeats the header's err; the header already carries it.
                r.readInt();
                return null;
            default:
                throw new MalformedFrameException("no multi result type " + type);
        }
    }
}
