package io.paddock.wire;

import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.wire.jute.JuteReader;
import io.paddock.wire.jute.JuteRecords;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.jute.MalformedFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The payload of a txn log record (and of replicated proposals): one {@link TxnEntry} as
 * bytes, exactly round-tripped (null and empty byte arrays and lists stay distinct). Integrity
 * (CRC, length) belongs to the record around it; this codec only names the layout.
 *
 * <pre>
 * payload   := version:u8(=1) zxid:i64 sessionId:i64 cxid:i32 timeMs:i64 txn
 * txn       := tag:u8 body
 *   1 Create        path:ustring data:buffer acl:acls ephemeralOwner:i64
 *   2 Delete        path:ustring
 *   3 SetData       path:ustring data:buffer version:i32
 *   4 SetAcl        path:ustring acl:acls aversion:i32
 *   5 Check         path:ustring
 *   6 Multi         count:i32 txn{count}
 *   7 Error         err:i32
 *   8 CreateSession sessionId:i64 timeoutMs:i32 passwd:buffer
 *   9 CloseSession  sessionId:i64
 *  10 NewEpoch      leaderId:i32
 * acls      := count:i32 (-1 = null) (perms:i32 scheme:ustring id:ustring){count}
 * </pre>
 * Integers are big-endian; ustring and buffer are jute's (i32 length, -1 = null). A later
 * format gets a new version byte; {@link #decode} keeps reading every older version.
 *
 * <p>Stateless; encoding appends to a caller-owned reused {@link JuteWriter}.
 */
public final class TxnCodec {
    public static final int VERSION = 1;

    private static final int TAG_CREATE = 1;
    private static final int TAG_DELETE = 2;
    private static final int TAG_SET_DATA = 3;
    private static final int TAG_SET_ACL = 4;
    private static final int TAG_CHECK = 5;
    private static final int TAG_MULTI = 6;
    private static final int TAG_ERROR = 7;
    private static final int TAG_CREATE_SESSION = 8;
    private static final int TAG_CLOSE_SESSION = 9;
    private static final int TAG_NEW_EPOCH = 10;

    /** Multis nest at most once in practice; the bound keeps corrupt input from recursing deeply. */
    private static final int DEPTH_MAX = 8;

    private TxnCodec() {}

    /** The payload as a fresh array. */
    public static byte[] encode(TxnEntry entry) {
        JuteWriter w = new JuteWriter(64);
        encode(w, entry);
        return w.toByteArray();
    }

    /** Appends the payload (no length prefix) to {@code w}. */
    public static void encode(JuteWriter w, TxnEntry entry) {
        w.writeByte(VERSION);
        w.writeLong(entry.zxid());
        w.writeLong(entry.sessionId());
        w.writeInt(entry.cxid());
        w.writeLong(entry.timeMs());
        writeTxn(w, entry.txn(), 0);
    }

    private static void writeTxn(JuteWriter w, Txn txn, int depth) {
        if (txn == null || depth > DEPTH_MAX) {
            throw new IllegalStateException("cannot encode txn " + txn + " at depth " + depth);
        }
        if (txn instanceof Txn.Create) {
            Txn.Create c = (Txn.Create) txn;
            w.writeByte(TAG_CREATE);
            w.writeString(c.path());
            w.writeBuffer(c.data());
            JuteRecords.writeAcls(w, c.acl());
            w.writeLong(c.ephemeralOwner());
        } else if (txn instanceof Txn.Delete) {
            w.writeByte(TAG_DELETE);
            w.writeString(((Txn.Delete) txn).path());
        } else if (txn instanceof Txn.SetData) {
            Txn.SetData s = (Txn.SetData) txn;
            w.writeByte(TAG_SET_DATA);
            w.writeString(s.path());
            w.writeBuffer(s.data());
            w.writeInt(s.version());
        } else if (txn instanceof Txn.SetAcl) {
            Txn.SetAcl s = (Txn.SetAcl) txn;
            w.writeByte(TAG_SET_ACL);
            w.writeString(s.path());
            JuteRecords.writeAcls(w, s.acl());
            w.writeInt(s.aversion());
        } else if (txn instanceof Txn.Check) {
            w.writeByte(TAG_CHECK);
            w.writeString(((Txn.Check) txn).path());
        } else if (txn instanceof Txn.Multi) {
            List<Txn> txns = ((Txn.Multi) txn).txns();
            w.writeByte(TAG_MULTI);
            w.writeInt(txns.size());
            for (int i = 0; i < txns.size(); i++) {
                writeTxn(w, txns.get(i), depth + 1);
            }
        } else {
            writeSessionOrError(w, txn);
        }
    }

    private static void writeSessionOrError(JuteWriter w, Txn txn) {
        if (txn instanceof Txn.Error) {
            w.writeByte(TAG_ERROR);
            w.writeInt(((Txn.Error) txn).err());
        } else if (txn instanceof Txn.CreateSession) {
            Txn.CreateSession c = (Txn.CreateSession) txn;
            w.writeByte(TAG_CREATE_SESSION);
            w.writeLong(c.sessionId());
            w.writeInt(c.timeoutMs());
            w.writeBuffer(c.passwd());
        } else if (txn instanceof Txn.CloseSession) {
            w.writeByte(TAG_CLOSE_SESSION);
            w.writeLong(((Txn.CloseSession) txn).sessionId());
        } else if (txn instanceof Txn.NewEpoch) {
            w.writeByte(TAG_NEW_EPOCH);
            w.writeInt(((Txn.NewEpoch) txn).leaderId());
        } else {
            throw new IllegalStateException("no encoding for txn " + txn.getClass().getSimpleName());
        }
    }

    public static TxnEntry decode(byte[] payload) {
        return decode(ByteBuffer.wrap(payload));
    }

    /**
     * Decodes one payload occupying all of {@code payload}'s remaining bytes (position is not
     * moved).
     *
     * @throws IllegalArgumentException for an unknown version or tag, a truncated payload or
     *     trailing bytes: the record passed its checksum, so this is corruption or a bug, and
     *     storage should stop and name the file and offset
     */
    public static TxnEntry decode(ByteBuffer payload) {
        JuteReader r = new JuteReader(payload, Integer.MAX_VALUE);
        try {
            int version = r.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported txn payload version " + version);
            }
            TxnEntry entry = new TxnEntry(r.readLong(), r.readLong(), r.readInt(), r.readLong(), readTxn(r, 0));
            if (r.remaining() != 0) {
                throw new IllegalArgumentException("corrupt txn payload: " + r.remaining() + " trailing bytes");
            }
            return entry;
        } catch (MalformedFrameException e) {
            throw new IllegalArgumentException("corrupt txn payload: " + e.getMessage());
        }
    }

    private static Txn readTxn(JuteReader r, int depth) throws MalformedFrameException {
        if (depth > DEPTH_MAX) {
            throw new MalformedFrameException("multi nested deeper than " + DEPTH_MAX);
        }
        int tag = r.readByte();
        switch (tag) {
            case TAG_CREATE:
                return new Txn.Create(r.readString(), r.readBuffer(), JuteRecords.readAclsExact(r), r.readLong());
            case TAG_DELETE:
                return new Txn.Delete(r.readString());
            case TAG_SET_DATA:
                return new Txn.SetData(r.readString(), r.readBuffer(), r.readInt());
            case TAG_SET_ACL:
                return new Txn.SetAcl(r.readString(), JuteRecords.readAclsExact(r), r.readInt());
            case TAG_CHECK:
                return new Txn.Check(r.readString());
            case TAG_MULTI:
                return readMulti(r, depth);
            case TAG_ERROR:
                return new Txn.Error(r.readInt());
            case TAG_CREATE_SESSION:
                return new Txn.CreateSession(r.readLong(), r.readInt(), r.readBuffer());
            case TAG_CLOSE_SESSION:
                return new Txn.CloseSession(r.readLong());
            case TAG_NEW_EPOCH:
                return new Txn.NewEpoch(r.readInt());
            default:
                throw new MalformedFrameException("unknown txn tag " + tag);
        }
    }

    private static Txn readMulti(JuteReader r, int depth) throws MalformedFrameException {
        // Every txn takes at least 5 bytes (tag + the smallest body), which bounds the count.
        int count = r.readVectorCount(5);
        if (count < 0) {
            throw new MalformedFrameException("multi with null txn list");
        }
        ArrayList<Txn> txns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txns.add(readTxn(r, depth + 1));
        }
        return new Txn.Multi(Collections.unmodifiableList(txns));
    }
}
