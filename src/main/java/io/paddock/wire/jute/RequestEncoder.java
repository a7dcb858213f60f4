package io.paddock.wire.jute;

import io.paddock.model.OpCode;
import io.paddock.model.Request;
import java.util.List;

/**
 * Client-side request encoding, the inverse of {@link RequestDecoder}: used by tests, fuzzers
 * and load generators. Stateless.
 */
final class RequestEncoder {
    private RequestEncoder() {}

    static void writeBody(JuteWriter w, Request q) {
        if (q instanceof Request.Create) {
            writeCreate(w, (Request.Create) q);
        } else if (q instanceof Request.Delete) {
            Request.Delete d = (Request.Delete) q;
            w.writeString(d.path());
            w.writeInt(d.version());
        } else if (q instanceof Request.DeleteContainer) {
            w.writeString(((Request.DeleteContainer) q).path());
        } else if (q instanceof Request.SetData) {
            Request.SetData s = (Request.SetData) q;
            w.writeString(s.path());
            w.writeBuffer(s.data());
            w.writeInt(s.version());
        } else if (q instanceof Request.SetAcl) {
            Request.SetAcl s = (Request.SetAcl) q;
            w.writeString(s.path());
            JuteRecords.writeAcls(w, s.acl());
            w.writeInt(s.version());
        } else if (q instanceof Request.Check) {
            Request.Check c = (Request.Check) q;
            w.writeString(c.path());
            w.writeInt(c.version());
        } else if (q instanceof Request.Multi) {
            writeMulti(w, ((Request.Multi) q).ops());
        } else if (q instanceof Request.MultiRead) {
            writeMulti(w, ((Request.MultiRead) q).ops());
        } else if (q instanceof Request.Exists) {
            w.writeString(((Request.Exists) q).path());
            w.writeBool(((Request.Exists) q).watch());
        } else if (q instanceof Request.GetData) {
            w.writeString(((Request.GetData) q).path());
            w.writeBool(((Request.GetData) q).watch());
        } else if (q instanceof Request.GetChildren) {
            w.writeString(((Request.GetChildren) q).path());
            w.writeBool(((Request.GetChildren) q).watch());
        } else {
            writeRarer(w, q);
        }
    }

    private static void writeRarer(JuteWriter w, Request q) {
        if (q instanceof Request.GetAcl) {
            w.writeString(((Request.GetAcl) q).path());
        } else if (q instanceof Request.GetAllChildrenNumber) {
            w.writeString(((Request.GetAllChildrenNumber) q).path());
        } else if (q instanceof Request.GetEphemerals) {
            w.writeString(((Request.GetEphemerals) q).prefixPath());
        } else if (q instanceof Request.Sync) {
            w.writeString(((Request.Sync) q).path());
        } else if (q instanceof Request.Auth) {
            Request.Auth a = (Request.Auth) q;
            w.writeInt(a.type());
            w.writeString(a.scheme());
            w.writeBuffer(a.auth());
        } else if (q instanceof Request.SetWatches) {
            writeSetWatches(w, (Request.SetWatches) q);
        } else if (q instanceof Request.AddWatch) {
            w.writeString(((Request.AddWatch) q).path());
            w.writeInt(((Request.AddWatch) q).mode());
        } else if (q instanceof Request.RemoveWatches) {
            w.writeString(((Request.RemoveWatches) q).path());
            w.writeInt(((Request.RemoveWatches) q).type());
        } else if (q instanceof Request.Reconfig) {
            Request.Reconfig r = (Request.Reconfig) q;
            w.writeString(r.joiningServers());
            w.writeString(r.leavingServers());
            w.writeString(r.newMembers());
            w.writeLong(r.curConfigId());
        } else if (q instanceof Request.Sasl) {
            w.writeBuffer(((Request.Sasl) q).token());
        } else if (q instanceof Request.CreateSession) {
            throw new IllegalStateException("createSession is a ConnectRequest, not a request frame");
        }
        // Ping, WhoAmI, CloseSession and Unknown have no body.
    }

    private static void writeCreate(JuteWriter w, Request.Create c) {
        w.writeString(c.path());
        w.writeBuffer(c.data());
        JuteRecords.writeAcls(w, c.acl());
        w.writeInt(c.flags());
        if (c.opcode() == OpCode.CREATE_TTL) {
            w.writeLong(c.ttl());
        }
    }

    private static void writeSetWatches(JuteWriter w, Request.SetWatches s) {
        w.writeLong(s.relativeZxid());
        w.writeStringVector(s.dataWatches());
        w.writeStringVector(s.existWatches());
        w.writeStringVector(s.childWatches());
        if (s.opcode() == OpCode.SET_WATCHES2) {
            w.writeStringVector(s.persistentWatches());
            w.writeStringVector(s.persistentRecursiveWatches());
        }
    }

    /** MultiOperationRecord: MultiHeader{opcode, false, -1} + op per op, then {-1, true, -1}. */
    private static void writeMulti(JuteWriter w, List<Request> ops) {
        int n = ops.size();
        for (int i = 0; i < n; i++) {
            Request op = ops.get(i);
            w.writeInt(op.opcode());
            w.writeBool(false);
            w.writeInt(-1);
            writeBody(w, op);
        }
        w.writeInt(-1);
        w.writeBool(true);
        w.writeInt(-1);
    }
}
