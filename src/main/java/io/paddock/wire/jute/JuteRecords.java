package io.paddock.wire.jute;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The small jute records shared by requests, replies and the txn codec: Stat (68 bytes),
 * ACL ({@code int perms, Id}) and Id ({@code ustring scheme, ustring id}). Stateless.
 */
public final class JuteRecords {
    /** Bytes of a Stat on the wire: 6 longs and 5 ints (zk-protocol.md 5.1). */
    public static final int STAT_BYTES = 68;

    /** The smallest ACL on the wire: perms + two empty strings. */
    private static final int ACL_BYTES_MIN = 12;

    private JuteRecords() {}

    public static void writeStat(JuteWriter w, Stat s) {
        if (s == null) {
            throw new IllegalStateException("reply needs a Stat but it is null");
        }
        w.writeLong(s.czxid());
        w.writeLong(s.mzxid());
        w.writeLong(s.ctime());
        w.writeLong(s.mtime());
        w.writeInt(s.version());
        w.writeInt(s.cversion());
        w.writeInt(s.aversion());
        w.writeLong(s.ephemeralOwner());
        w.writeInt(s.dataLength());
        w.writeInt(s.numChildren());
        w.writeLong(s.pzxid());
    }

    public static Stat readStat(JuteReader r) throws MalformedFrameException {
        return new Stat(r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readInt(), r.readInt(),
                r.readInt(), r.readLong(), r.readInt(), r.readInt(), r.readLong());
    }

    /** A {@code vector<ACL>}; null is written as count -1. */
    public static void writeAcls(JuteWriter w, List<Acl> acls) {
        if (acls == null) {
            w.writeInt(-1);
            return;
        }
        int n = acls.size();
        w.writeInt(n);
        for (int i = 0; i < n; i++) {
            Acl a = acls.get(i);
            if (a == null || a.id() == null) {
                throw new IllegalStateException("ACL entry or its Id is null at index " + i);
            }
            w.writeInt(a.perms());
            w.writeString(a.id().scheme());
            w.writeString(a.id().id());
        }
    }

    /**
     * A {@code vector<ACL>} from a client. A null vector reads as empty (the server answers
     * INVALIDACL for both). A null scheme or id is a marshalling error: ZooKeeper fails on it
     * with an exception that becomes MARSHALLINGERROR in most paths.
     */
    public static List<Acl> readAcls(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(ACL_BYTES_MIN);
        if (count <= 0) {
            return List.of();
        }
        if (count == 1) {
            return List.of(readAcl(r));
        }
        ArrayList<Acl> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(readAcl(r));
        }
        return Collections.unmodifiableList(out);
    }

    private static Acl readAcl(JuteReader r) throws MalformedFrameException {
        int perms = r.readInt();
        String scheme = r.readNonNullString("ACL scheme");
        String id = r.readNonNullString("ACL id");
        return new Acl(perms, new Id(scheme, id));
    }

    /** A {@code vector<ACL>} from our own storage: a null vector, scheme or id stays null. */
    public static List<Acl> readAclsExact(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(ACL_BYTES_MIN);
        if (count < 0) {
            return null;
        }
        ArrayList<Acl> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int perms = r.readInt();
            String scheme = r.readString();
            String id = r.readString();
            out.add(new Acl(perms, new Id(scheme, id)));
        }
        return Collections.unmodifiableList(out);
    }
}
