package io.paddock.wire.peer;

import io.paddock.model.Request;
import io.paddock.wire.jute.JuteReader;
import io.paddock.wire.jute.JuteRecords;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.jute.MalformedFrameException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The request inside a forwarded write: every {@link Request} that {@link Request#isWrite()},
 * exactly round-tripped. This is a small encoding of our own rather than the client's jute
 * body, because the client protocol cannot carry two of them (createSession is a
 * ConnectRequest, deleteContainer is the node's own) and loses the difference between a null
 * and an empty ACL list or op list, which a forwarded request must keep so that the leader's
 * planner sees exactly what the follower's client sent.
 *
 * <pre>
 * request := tag:u8 body
 *   1 Create          opcode:i32 path:ustring data:buffer acl:acls flags:i32 ttl:i64
 *   2 Delete          path:ustring version:i32
 *   3 DeleteContainer path:ustring
 *   4 SetData         path:ustring data:buffer version:i32
 *   5 SetAcl          path:ustring acl:acls version:i32
 *   6 Check           path:ustring version:i32
 *   7 Multi           count:i32 (-1 = null) request{count}   (nested at most {@value #DEPTH_MAX} deep)
 *   8 CreateSession   timeoutMs:i32 passwd:buffer
 *   9 CloseSession
 * acls    := count:i32 (-1 = null) (perms:i32 scheme:ustring id:ustring){count}
 * </pre>
 *
 * <p>Stateless. Encoding a read request is a programmer error (reads are never forwarded).
 */
public final class PeerRequestCodec {
    private static final int TAG_CREATE = 1;
    private static final int TAG_DELETE = 2;
    private static final int TAG_DELETE_CONTAINER = 3;
    private static final int TAG_SET_DATA = 4;
    private static final int TAG_SET_ACL = 5;
    private static final int TAG_CHECK = 6;
    private static final int TAG_MULTI = 7;
    private static final int TAG_CREATE_SESSION = 8;
    private static final int TAG_CLOSE_SESSION = 9;

    /** A multi's ops are never multis themselves; the bound keeps corrupt input from recursing deeply. */
    static final int DEPTH_MAX = 4;

    private PeerRequestCodec() {}

    public static void encode(JuteWriter w, Request request) {
        encode(w, request, 0);
    }

    private static void encode(JuteWriter w, Request request, int depth) {
        if (request == null || depth > DEPTH_MAX) {
            throw new IllegalStateException("cannot forward request " + request + " at depth " + depth);
        }
        if (request instanceof Request.Create c) {
            w.writeByte(TAG_CREATE);
            w.writeInt(c.opcode());
            w.writeString(c.path());
            w.writeBuffer(c.data());
            JuteRecords.writeAcls(w, c.acl());
            w.writeInt(c.flags());
            w.writeLong(c.ttl());
        } else if (request instanceof Request.Delete d) {
            w.writeByte(TAG_DELETE);
            w.writeString(d.path());
            w.writeInt(d.version());
        } else if (request instanceof Request.DeleteContainer d) {
            w.writeByte(TAG_DELETE_CONTAINER);
            w.writeString(d.path());
        } else if (request instanceof Request.SetData s) {
            w.writeByte(TAG_SET_DATA);
            w.writeString(s.path());
            w.writeBuffer(s.data());
            w.writeInt(s.version());
        } else if (request instanceof Request.SetAcl s) {
            w.writeByte(TAG_SET_ACL);
            w.writeString(s.path());
            JuteRecords.writeAcls(w, s.acl());
            w.writeInt(s.version());
        } else if (request instanceof Request.Check c) {
            w.writeByte(TAG_CHECK);
            w.writeString(c.path());
            w.writeInt(c.version());
        } else {
            encodeRarer(w, request, depth);
        }
    }

    private static void encodeRarer(JuteWriter w, Request request, int depth) {
        if (request instanceof Request.Multi m) {
            w.writeByte(TAG_MULTI);
            List<Request> ops = m.ops();
            if (ops == null) {
                w.writeInt(-1);
                return;
            }
            w.writeInt(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                encode(w, ops.get(i), depth + 1);
            }
        } else if (request instanceof Request.CreateSession c) {
            w.writeByte(TAG_CREATE_SESSION);
            w.writeInt(c.timeoutMs());
            w.writeBuffer(c.passwd());
        } else if (request instanceof Request.CloseSession) {
            w.writeByte(TAG_CLOSE_SESSION);
        } else {
            throw new IllegalStateException("only writes are forwarded, not " + request.getClass().getSimpleName());
        }
    }

    static Request read(JuteReader r, int depth) throws MalformedFrameException {
        if (depth > DEPTH_MAX) {
            throw new MalformedFrameException("multi nested deeper than " + DEPTH_MAX);
        }
        int tag = r.readByte() & 0xff;
        switch (tag) {
            case TAG_CREATE:
                return new Request.Create(r.readInt(), r.readString(), r.readBuffer(), JuteRecords.readAclsExact(r),
                        r.readInt(), r.readLong());
            case TAG_DELETE:
                return new Request.Delete(r.readString(), r.readInt());
            case TAG_DELETE_CONTAINER:
                return new Request.DeleteContainer(r.readString());
            case TAG_SET_DATA:
                return new Request.SetData(r.readString(), r.readBuffer(), r.readInt());
            case TAG_SET_ACL:
                return new Request.SetAcl(r.readString(), JuteRecords.readAclsExact(r), r.readInt());
            case TAG_CHECK:
                return new Request.Check(r.readString(), r.readInt());
            case TAG_MULTI:
                return new Request.Multi(readOps(r, depth));
            case TAG_CREATE_SESSION:
                return new Request.CreateSession(r.readInt(), r.readBuffer());
            case TAG_CLOSE_SESSION:
                return new Request.CloseSession();
            default:
                throw new MalformedFrameException("unknown forwarded request tag " + tag);
        }
    }

    private static List<Request> readOps(JuteReader r, int depth) throws MalformedFrameException {
        // Every op takes at least its tag byte (closeSession has no body), which bounds the count.
        int count = r.readVectorCount(1);
        if (count < 0) {
            return null;
        }
        ArrayList<Request> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ops.add(read(r, depth + 1));
        }
        return Collections.unmodifiableList(ops);
    }
}
