package io.paddock.wire.peer;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.TxnEntry;
import io.paddock.wire.TxnCodec;
import io.paddock.wire.jute.JuteReader;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.jute.MalformedFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every {@link PeerMessage} as bytes, and back, exactly: nulls, empty lists and empty arrays
 * stay distinct, and decoding then encoding gives the same bytes. This is the payload of a
 * MESSAGE frame; integrity (length, crc32c) belongs to the frame around it ({@link PeerFrames}).
 *
 * <pre>
 * message         := tag:u8 from:i32 to:i32 epoch:i64 body
 *   1 VoteRequest      lastZxid:i64 preVote:bool
 *   2 VoteReply        granted:bool preVote:bool
 *   3 Append           prevZxid:i64 count:i32 (-1 = null) entry{count} commitZxid:i64
 *   4 AppendReply      ok:bool lastZxid:i64 prevZxid:i64 hintZxid:i64
 *   5 Heartbeat        commitZxid:i64 seq:i64
 *   6 HeartbeatReply   seq:i64
 *   7 Commit           commitZxid:i64 durableZxid:i64
 *   8 ReadIndexRequest requestId:i64
 *   9 ReadIndexReply   requestId:i64 readZxid:i64
 *  10 ForwardWrite     incarnation:i64 seq:i64 sessionId:i64 cxid:i32 hasRequest:bool [request] authIds
 *                      (no request: a filler that keeps the sender's sequence without a hole)
 *  11 ForwardRejected  sessionId:i64 cxid:i32 err:i32
 *  12 SessionPing      count:i32 (-1 = null) sessionId:i64{count}
 *  13 ForwardGap       incarnation:i64 expectedSeq:i64
 * entry           := length:i32 txnPayload   (TxnCodec's payload, exactly length bytes)
 * authIds         := count:i32 (-1 = null) (scheme:ustring id:ustring){count}
 * request         := see {@link PeerRequestCodec}
 * bool            := u8, 0 or 1 (anything else is rejected, so that bytes decode one way only)
 * </pre>
 * Integers are big-endian; ustring is jute's (i32 length, -1 = null, UTF-8).
 *
 * <p>Stateless: encoding appends to a caller-owned, reused {@link JuteWriter}; decoding reads a
 * view of the received bytes and copies out only what the records keep. Every count is checked
 * against the bytes left before anything is allocated for it.
 */
public final class PeerCodec {
    static final int TAG_VOTE_REQUEST = 1;
    static final int TAG_VOTE_REPLY = 2;
    static final int TAG_APPEND = 3;
    static final int TAG_APPEND_REPLY = 4;
    static final int TAG_HEARTBEAT = 5;
    static final int TAG_HEARTBEAT_REPLY = 6;
    static final int TAG_COMMIT = 7;
    static final int TAG_READ_INDEX_REQUEST = 8;
    static final int TAG_READ_INDEX_REPLY = 9;
    static final int TAG_FORWARD_WRITE = 10;
    static final int TAG_FORWARD_REJECTED = 11;
    static final int TAG_SESSION_PING = 12;
    static final int TAG_FORWARD_GAP = 13;

    /** The smallest entry: its length field and a one-byte payload (a shorter one fails in TxnCodec). */
    private static final int ENTRY_BYTES_MIN = 5;
    /** The smallest Id: two empty ustrings. */
    private static final int ID_BYTES_MIN = 8;

    private PeerCodec() {}

    /** Appends {@code message} (no length, no frame) to {@code w}. */
    public static void encode(JuteWriter w, PeerMessage message) {
        w.writeByte(tagOf(message));
        w.writeInt(message.from());
        w.writeInt(message.to());
        w.writeLong(message.epoch());
        if (message instanceof PeerMessage.VoteRequest m) {
            w.writeLong(m.lastZxid());
            w.writeBool(m.preVote());
        } else if (message instanceof PeerMessage.VoteReply m) {
            w.writeBool(m.granted());
            w.writeBool(m.preVote());
        } else if (message instanceof PeerMessage.Append m) {
            w.writeLong(m.prevZxid());
            writeEntries(w, m.entries());
            w.writeLong(m.commitZxid());
        } else if (message instanceof PeerMessage.AppendReply m) {
            w.writeBool(m.ok());
            w.writeLong(m.lastZxid());
            w.writeLong(m.prevZxid());
            w.writeLong(m.hintZxid());
        } else if (message instanceof PeerMessage.Heartbeat m) {
            w.writeLong(m.commitZxid());
            w.writeLong(m.seq());
        } else if (message instanceof PeerMessage.HeartbeatReply m) {
            w.writeLong(m.seq());
        } else {
            encodeRarer(w, message);
        }
    }

    /** The second half of the table, split only to keep methods short. */
    private static void encodeRarer(JuteWriter w, PeerMessage message) {
        if (message instanceof PeerMessage.Commit m) {
            w.writeLong(m.commitZxid());
            w.writeLong(m.durableZxid());
        } else if (message instanceof PeerMessage.ReadIndexRequest m) {
            w.writeLong(m.requestId());
        } else if (message instanceof PeerMessage.ReadIndexReply m) {
            w.writeLong(m.requestId());
            w.writeLong(m.readZxid());
        } else if (message instanceof PeerMessage.ForwardWrite m) {
            w.writeLong(m.incarnation());
            w.writeLong(m.seq());
            w.writeLong(m.sessionId());
            w.writeInt(m.cxid());
            w.writeBool(m.request() != null);
            if (m.request() != null) {
                PeerRequestCodec.encode(w, m.request());
            }
            writeIds(w, m.authIds());
        } else if (message instanceof PeerMessage.ForwardRejected m) {
            w.writeLong(m.sessionId());
            w.writeInt(m.cxid());
            w.writeInt(m.err());
        } else if (message instanceof PeerMessage.SessionPing m) {
            writeLongs(w, m.sessionIds());
        } else if (message instanceof PeerMessage.ForwardGap m) {
            w.writeLong(m.incarnation());
            w.writeLong(m.expectedSeq());
        }
    }

    private static int tagOf(PeerMessage message) {
        if (message instanceof PeerMessage.VoteRequest) return TAG_VOTE_REQUEST;
        if (message instanceof PeerMessage.VoteReply) return TAG_VOTE_REPLY;
        if (message instanceof PeerMessage.Append) return TAG_APPEND;
        if (message instanceof PeerMessage.AppendReply) return TAG_APPEND_REPLY;
        if (message instanceof PeerMessage.Heartbeat) return TAG_HEARTBEAT;
        if (message instanceof PeerMessage.HeartbeatReply) return TAG_HEARTBEAT_REPLY;
        if (message instanceof PeerMessage.Commit) return TAG_COMMIT;
        if (message instanceof PeerMessage.ReadIndexRequest) return TAG_READ_INDEX_REQUEST;
        if (message instanceof PeerMessage.ReadIndexReply) return TAG_READ_INDEX_REPLY;
        if (message instanceof PeerMessage.ForwardWrite) return TAG_FORWARD_WRITE;
        if (message instanceof PeerMessage.ForwardRejected) return TAG_FORWARD_REJECTED;
        if (message instanceof PeerMessage.SessionPing) return TAG_SESSION_PING;
        if (message instanceof PeerMessage.ForwardGap) return TAG_FORWARD_GAP;
        throw new IllegalStateException("no encoding for peer message " + message);
    }

    private static void writeEntries(JuteWriter w, List<TxnEntry> entries) {
        if (entries == null) {
            w.writeInt(-1);
            return;
        }
        int n = entries.size();
        w.writeInt(n);
        for (int i = 0; i < n; i++) {
            int mark = w.beginFrame();
            TxnCodec.encode(w, entries.get(i));
            w.endFrame(mark);
        }
    }

    private static void writeIds(JuteWriter w, List<Id> ids) {
        if (ids == null) {
            w.writeInt(-1);
            return;
        }
        int n = ids.size();
        w.writeInt(n);
        for (int i = 0; i < n; i++) {
            Id id = ids.get(i);
            if (id == null) {
                throw new IllegalStateException("null auth id at index " + i);
            }
            w.writeString(id.scheme());
            w.writeString(id.id());
        }
    }

    private static void writeLongs(JuteWriter w, long[] values) {
        if (values == null) {
            w.writeInt(-1);
            return;
        }
        w.writeInt(values.length);
        for (long v : values) {
            w.writeLong(v);
        }
    }

    /**
     * Decodes one message occupying all of {@code payload}'s remaining bytes (the buffer's
     * position is not moved).
     *
     * @throws MalformedPeerFrameException with {@code UNKNOWN_TYPE} for an unknown tag, and
     *     {@code BAD_PAYLOAD} for anything else that is not what {@link #encode} writes
     */
    public static PeerMessage decode(ByteBuffer payload) throws MalformedPeerFrameException {
        JuteReader r = new JuteReader(payload, Integer.MAX_VALUE);
        try {
            PeerMessage message = read(r);
            if (r.remaining() != 0) {
                throw bad(r.remaining() + " bytes after the message");
            }
            return message;
        } catch (MalformedFrameException e) {
            throw bad(e.getMessage());
        }
    }

    private static PeerMessage read(JuteReader r) throws MalformedFrameException, MalformedPeerFrameException {
        int tag = r.readByte() & 0xff;
        int from = r.readInt();
        int to = r.readInt();
        long epoch = r.readLong();
        switch (tag) {
            case TAG_VOTE_REQUEST:
                return new PeerMessage.VoteRequest(from, to, epoch, r.readLong(), readBool(r));
            case TAG_VOTE_REPLY:
                return new PeerMessage.VoteReply(from, to, epoch, readBool(r), readBool(r));
            case TAG_APPEND:
                return new PeerMessage.Append(from, to, epoch, r.readLong(), readEntries(r), r.readLong());
            case TAG_APPEND_REPLY:
                return new PeerMessage.AppendReply(from, to, epoch, readBool(r), r.readLong(), r.readLong(),
                        r.readLong());
            case TAG_HEARTBEAT:
                return new PeerMessage.Heartbeat(from, to, epoch, r.readLong(), r.readLong());
            case TAG_HEARTBEAT_REPLY:
                return new PeerMessage.HeartbeatReply(from, to, epoch, r.readLong());
            case TAG_COMMIT:
                return new PeerMessage.Commit(from, to, epoch, r.readLong(), r.readLong());
            case TAG_READ_INDEX_REQUEST:
                return new PeerMessage.ReadIndexRequest(from, to, epoch, r.readLong());
            case TAG_READ_INDEX_REPLY:
                return new PeerMessage.ReadIndexReply(from, to, epoch, r.readLong(), r.readLong());
            case TAG_FORWARD_WRITE:
                return readForwardWrite(r, from, to, epoch);
            case TAG_FORWARD_REJECTED:
                return new PeerMessage.ForwardRejected(from, to, epoch, r.readLong(), r.readInt(), r.readInt());
            case TAG_SESSION_PING:
                return new PeerMessage.SessionPing(from, to, epoch, readLongs(r));
            case TAG_FORWARD_GAP:
                return new PeerMessage.ForwardGap(from, to, epoch, r.readLong(), r.readLong());
            default:
                throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.UNKNOWN_TYPE,
                        "unknown peer message tag " + tag);
        }
    }

    private static PeerMessage readForwardWrite(JuteReader r, int from, int to, long epoch)
            throws MalformedFrameException, MalformedPeerFrameException {
        long incarnation = r.readLong();
        long seq = r.readLong();
        long sessionId = r.readLong();
        int cxid = r.readInt();
        Request request = readBool(r) ? PeerRequestCodec.read(r, 0) : null;
        return new PeerMessage.ForwardWrite(from, to, epoch, incarnation, seq, sessionId, cxid, request, readIds(r));
    }

    private static List<TxnEntry> readEntries(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(ENTRY_BYTES_MIN);
        if (count < 0) {
            return null;
        }
        ArrayList<TxnEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = r.readInt();
            ByteBuffer payload = r.readView(length, "txn entry");
            try {
                entries.add(TxnCodec.decode(payload));
            } catch (IllegalArgumentException e) {
                throw new MalformedFrameException("entry " + i + ": " + e.getMessage());
            }
        }
        return Collections.unmodifiableList(entries);
    }

    static boolean readBool(JuteReader r) throws MalformedFrameException {
        int b = r.readByte();
        if (b != 0 && b != 1) {
            throw new MalformedFrameException("boolean byte " + b);
        }
        return b == 1;
    }

    private static List<Id> readIds(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(ID_BYTES_MIN);
        if (count < 0) {
            return null;
        }
        ArrayList<Id> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new Id(r.readString(), r.readString()));
        }
        return Collections.unmodifiableList(ids);
    }

    private static long[] readLongs(JuteReader r) throws MalformedFrameException {
        int count = r.readVectorCount(8);
        if (count < 0) {
            return null;
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = r.readLong();
        }
        return values;
    }

    private static MalformedPeerFrameException bad(String detail) {
        return new MalformedPeerFrameException(MalformedPeerFrameException.Reason.BAD_PAYLOAD, detail);
    }
}
