package io.paddock.wire.jute;

import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.WatcherType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes request bodies (everything after the RequestHeader) into {@link Request} records.
 * Stateless; called on the connection's event loop.
 *
 * <p>Null handling follows what ZooKeeper's server ends up answering. A null path of a write
 * (create, delete, setData, setACL, check) is kept as null: the planner answers BADARGUMENTS
 * as PrepRequestProcessor's path validation does. A null path of a read fails here, because
 * the reference server hits it with a NullPointerException that FinalRequestProcessor turns
 * into MARSHALLINGERROR. getEphemerals' null prefix means "all", so it reads as "".
 * Data buffers keep null (a node may hold null data). Null vectors read as empty lists.
 */
final class RequestDecoder {
    static final Request.Ping PING = new Request.Ping();
    static final Request.WhoAmI WHO_AM_I = new Request.WhoAmI();
    static final Request.CloseSession CLOSE_SESSION = new Request.CloseSession();

    private RequestDecoder() {}

    static Request decodeBody(JuteReader r, int opcode) throws MalformedFrameException {
        switch (opcode) {
            case OpCode.CREATE: case OpCode.CREATE2: case OpCode.CREATE_CONTAINER: case OpCode.CREATE_TTL:
                return readCreate(r, opcode);
            case OpCode.DELETE:
                return new Request.Delete(r.readString(), r.readInt());
            case OpCode.EXISTS:
                return new Request.Exists(readPath(r), r.readBool());
            case OpCode.GET_DATA:
                return new Request.GetData(readPath(r), r.readBool());
            case OpCode.SET_DATA:
                return new Request.SetData(r.readString(), r.readBuffer(), r.readInt());
            case OpCode.GET_ACL:
                return new Request.GetAcl(readPath(r));
            case OpCode.SET_ACL:
                return new Request.SetAcl(r.readString(), JuteRecords.readAcls(r), r.readInt());
            case OpCode.GET_CHILDREN: case OpCode.GET_CHILDREN2:
                return new Request.GetChildren(opcode, readPath(r), r.readBool());
            case OpCode.SYNC:
                return new Request.Sync(readPath(r));
            case OpCode.PING:
                return PING;
            case OpCode.MULTI:
                return new Request.Multi(readMultiOps(r, false));
            case OpCode.MULTI_READ:
                return new Request.MultiRead(readMultiOps(r, true));
            default:
                return decodeRarer(r, opcode);
        }
    }

    /** The second half of the opcode table, split only to keep methods short. */
    private static Request decodeRarer(JuteReader r, int opcode) throws MalformedFrameException {
        switch (opcode) {
            case OpCode.RECONFIG:
                return new Request.Reconfig(r.readString(), r.readString(), r.readString(), r.readLong());
            case OpCode.CHECK_WATCHES: case OpCode.REMOVE_WATCHES:
                return new Request.RemoveWatches(opcode, readPath(r), readWatcherType(r));
            case OpCode.AUTH:
                return new Request.Auth(r.readInt(), r.readNonNullString("auth scheme"), r.readBuffer());
            case OpCode.SET_WATCHES:
                return new Request.SetWatches(opcode, r.readLong(), r.readStringList("watch path"),
                        r.readStringList("watch path"), r.readStringList("watch path"), List.of(), List.of());
            case OpCode.SET_WATCHES2:
                return new Request.SetWatches(opcode, r.readLong(), r.readStringList("watch path"),
                        r.readStringList("watch path"), r.readStringList("watch path"),
                        r.readStringList("watch path"), r.readStringList("watch path"));
            case OpCode.SASL:
                return new Request.Sasl(r.readBuffer());
            case OpCode.GET_EPHEMERALS: {
                String prefix = r.readString();
                return new Request.GetEphemerals(prefix == null ? "" : prefix);
            }
            case OpCode.GET_ALL_CHILDREN_NUMBER:
                return new Request.GetAllChildrenNumber(readPath(r));
            case OpCode.ADD_WATCH:
                return new Request.AddWatch(readPath(r), readAddWatchMode(r));
            case OpCode.WHO_AM_I:
                return WHO_AM_I;
            case OpCode.CLOSE_SESSION:
                return CLOSE_SESSION;
            default:
                // 0, top-level check (13), 10, deleteContainer (20) from a client, 23..99, -10, ...
                return new Request.Unknown(opcode);
        }
    }

    private static String readPath(JuteReader r) throws MalformedFrameException {
        return r.readNonNullString("path");
    }

    private static Request.Create readCreate(JuteReader r, int opcode) throws MalformedFrameException {
        String path = r.readString();
        byte[] data = r.readBuffer();
        var acl = JuteRecords.readAcls(r);
        int flags = r.readInt();
        long ttl = opcode == OpCode.CREATE_TTL ? r.readLong() : -1L;
        return new Request.Create(opcode, path, data, acl, flags, ttl);
    }

    /** ZooKeeper's WatcherType.fromInt throws on anything but 1..5, which becomes MARSHALLINGERROR. */
    private static int readWatcherType(JuteReader r) throws MalformedFrameException {
        int type = r.readInt();
        if (type < WatcherType.CHILDREN || type > WatcherType.PERSISTENT_RECURSIVE) {
            throw new MalformedFrameException("unknown watcher type " + type);
        }
        return type;
    }

    private static int readAddWatchMode(JuteReader r) throws MalformedFrameException {
        int mode = r.readInt();
        if (mode != WatcherType.ADD_WATCH_PERSISTENT && mode != WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE) {
            throw new MalformedFrameException("unknown addWatch mode " + mode);
        }
        return mode;
    }

    /**
     * A MultiOperationRecord: MultiHeader{type, done, err} + op, until a header with done set
     * (whatever its type). Each op consumes at least one 9-byte header, so the loop is bounded
     * by the frame length.
     */
    private static List<Request> readMultiOps(JuteReader r, boolean readOnly) throws MalformedFrameException {
        ArrayList<Request> ops = new ArrayList<>();
        while (true) {
            int type = r.readInt();
            boolean done = r.readBool();
            r.readInt(); // err: always -1 from clients, ignored by the server
            if (done) {
                break;
            }
            ops.add(readOnly ? readMultiReadOp(r, type) : readMultiWriteOp(r, type));
        }
        return ops.isEmpty() ? List.of() : Collections.unmodifiableList(ops);
    }

    private static Request readMultiWriteOp(JuteReader r, int type) throws MalformedFrameException {
        switch (type) {
            case OpCode.CREATE: case OpCode.CREATE2: case OpCode.CREATE_CONTAINER: case OpCode.CREATE_TTL:
                return readCreate(r, type);
            case OpCode.DELETE:
                return new Request.Delete(r.readString(), r.readInt());
            case OpCode.SET_DATA:
                return new Request.SetData(r.readString(), r.readBuffer(), r.readInt());
            case OpCode.CHECK:
                return new Request.Check(r.readString(), r.readInt());
            default:
                throw new MalformedFrameException("op type " + type + " not allowed in multi");
        }
    }

    private static Request readMultiReadOp(JuteReader r, int type) throws MalformedFrameException {
        switch (type) {
            case OpCode.GET_DATA:
                return new Request.GetData(readPath(r), r.readBool());
            case OpCode.GET_CHILDREN:
                return new Request.GetChildren(OpCode.GET_CHILDREN, readPath(r), r.readBool());
            default:
                throw new MalformedFrameException("op type " + type + " not allowed in multiRead");
        }
    }
}
