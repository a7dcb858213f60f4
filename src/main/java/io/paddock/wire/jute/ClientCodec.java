package io.paddock.wire.jute;

import io.paddock.model.ConnectRequest;
import io.paddock.model.ConnectResponse;
import io.paddock.model.EventType;
import io.paddock.model.Request;
import io.paddock.model.Response;
import java.nio.ByteBuffer;

/**
 * The ZooKeeper client protocol (zk-protocol.md 1-4, 12): decodes what clients send and
 * encodes what the server answers; plus the client side of both, for the {@code cli} room's
 * client, tests and fuzzers.
 * Stateless and allocation-light: decoders allocate only the records they return, encoders
 * append into a caller-owned, reused {@link JuteWriter}.
 *
 * <p>Decoders take a frame without its 4-byte length (the connection has already split the
 * stream) and never move the buffer's position. Bytes after a complete record are ignored, as
 * ZooKeeper ignores them. Every encoder appends one complete length-prefixed frame, so several
 * replies can be batched in one writer and flushed with one socket write.
 *
 * <p>Thread: the owning connection's event loop (no state, so any thread is safe).
 */
public final class ClientCodec {
    /** ZooKeeper's default {@code jute.maxbuffer}: 0xfffff = 1,048,575 bytes. */
    public static final int DEFAULT_MAX_BUFFER = 0xfffff;

    /** Bytes of a RequestHeader ({@code int xid, int type}). */
    public static final int REQUEST_HEADER_BYTES = 8;

    /** Bytes of a ReplyHeader ({@code int xid, long zxid, int err}). */
    public static final int REPLY_HEADER_BYTES = 16;

    /** The xid of watch notifications. */
    public static final int NOTIFICATION_XID = -1;

    /** One decoded request frame; {@code opcode} is the header's type (also for {@link Request.Unknown}). */
    public record Decoded(int xid, int opcode, Request request) {}

    /**
     * One decoded reply frame, client side. {@code body} is null when {@code err != 0} (an
     * error reply has a header only; a failed multi is err 0 with error results).
     */
    public record Reply(int xid, long zxid, int err, Response body) {}

    /** A watch notification, client side: {@code type} is an {@link EventType}, {@code state} a KeeperState. */
    public record Notification(long zxid, int type, int state, String path) {}

    private ClientCodec() {}

    // ---- server side: decode client frames ----------------------------------------------

    /** {@link #decodeConnect(ByteBuffer, int)} with the default {@code jute.maxbuffer}. */
    public static ConnectRequest decodeConnect(ByteBuffer frame) throws MalformedFrameException {
        return decodeConnect(frame, DEFAULT_MAX_BUFFER);
    }

    /**
     * Decodes the first frame of a connection. The trailing readOnly byte is optional (old
     * clients omit it: {@code readOnlyPresent} is then false and the reply must omit it too).
     * A null password reads as an empty one: both fail the password check alike. A failure
     * here never has a header; the connection closes.
     */
    public static ConnectRequest decodeConnect(ByteBuffer frame, int maxBuffer) throws MalformedFrameException {
        JuteReader r = new JuteReader(frame, maxBuffer);
        int protocolVersion = r.readInt();
        long lastZxidSeen = r.readLong();
        int timeoutMs = r.readInt();
        long sessionId = r.readLong();
        byte[] passwd = r.readBuffer();
        boolean readOnlyPresent = r.remaining() > 0;
        boolean readOnly = readOnlyPresent && r.readBool();
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeoutMs, sessionId,
                passwd == null ? new byte[0] : passwd, readOnly, readOnlyPresent);
    }

    /**
     * Decodes a request frame: RequestHeader + body. Unknown opcodes (0, a top-level check 13,
     * 10, 20, 23..99, -10, ...) decode to {@link Request.Unknown} without reading a body; the
     * node answers UNIMPLEMENTED and closes.
     *
     * @throws MalformedFrameException when the frame is shorter than a header
     *     ({@code headerRead() == false}: close), or the body cannot be decoded
     *     ({@code headerRead() == true}: answer MARSHALLINGERROR with its xid, except for auth
     *     and sasl, where ZooKeeper closes the connection)
     */
    public static Decoded decodeRequest(ByteBuffer frame, int maxBuffer) throws MalformedFrameException {
        JuteReader r = new JuteReader(frame, maxBuffer);
        if (r.remaining() < REQUEST_HEADER_BYTES) {
            throw new MalformedFrameException("request frame of " + r.remaining() + " bytes has no full header");
        }
        int xid = r.readInt();
        int opcode = r.readInt();
        try {
            return new Decoded(xid, opcode, RequestDecoder.decodeBody(r, opcode));
        } catch (MalformedFrameException e) {
            throw e.withHeader(xid, opcode);
        }
    }

    // ---- server side: encode replies ----------------------------------------------------

    /** Appends a ConnectResponse frame (41 bytes with readOnly and a 16-byte password). */
    public static void encodeConnectResponse(JuteWriter w, ConnectResponse r, boolean includeReadOnly) {
        int mark = w.beginFrame();
        w.writeInt(r.protocolVersion());
        w.writeInt(r.timeoutMs());
        w.writeLong(r.sessionId());
        w.writeBuffer(r.passwd());
        if (includeReadOnly) {
            w.writeBool(r.readOnly());
        }
        w.endFrame(mark);
    }

    /**
     * Appends a reply frame: ReplyHeader(xid, zxid, err), then, only when {@code err == 0},
     * the body for {@code opcode} (a failed multi is err 0 with a {@link Response.MultiResult}
     * of error results). {@code body} may be null or {@link Response.Empty} for no body.
     * {@code opcode} picks between layouts that share a body record: create(1) sends the path
     * only, 15/19/21 path + Stat; getChildren(8) omits the Stat, getChildren2(12) sends it.
     */
    public static void encodeReply(JuteWriter w, int xid, long zxid, int err, int opcode, Response body) {
        int mark = w.beginFrame();
        w.writeInt(xid);
        w.writeLong(zxid);
        w.writeInt(err);
        if (err == 0) {
            ReplyEncoder.writeBody(w, opcode, body);
        }
        w.endFrame(mark);
    }

    /** Appends a watch notification: ReplyHeader(-1, zxid, 0) + WatcherEvent(type, SyncConnected, path). */
    public static void encodeNotification(JuteWriter w, long zxid, int type, String path) {
        int mark = w.beginFrame();
        w.writeInt(NOTIFICATION_XID);
        w.writeLong(zxid);
        w.writeInt(0);
        w.writeInt(type);
        w.writeInt(EventType.STATE_SYNC_CONNECTED);
        w.writeString(path);
        w.endFrame(mark);
    }

    // ---- client side: the cli's client, tests, fuzzers and load generators ----------------

    /** Appends a ConnectRequest frame; the readOnly byte is written iff {@code readOnlyPresent}. */
    public static void encodeConnect(JuteWriter w, ConnectRequest c) {
        int mark = w.beginFrame();
        w.writeInt(c.protocolVersion());
        w.writeLong(c.lastZxidSeen());
        w.writeInt(c.timeoutMs());
        w.writeLong(c.sessionId());
        w.writeBuffer(c.passwd());
        if (c.readOnlyPresent()) {
            w.writeBool(c.readOnly());
        }
        w.endFrame(mark);
    }

    /**
     * Decodes the server's answer to a ConnectRequest. The trailing readOnly byte is optional
     * (a server answering an old client omits it; it then reads as false). A timeout of 0
     * means the session asked for has expired.
     */
    public static ConnectResponse decodeConnectResponse(ByteBuffer frame, int maxBuffer) throws MalformedFrameException {
        JuteReader r = new JuteReader(frame, maxBuffer);
        int protocolVersion = r.readInt();
        int timeoutMs = r.readInt();
        long sessionId = r.readLong();
        byte[] passwd = r.readBuffer();
        boolean readOnly = r.remaining() > 0 && r.readBool();
        return new ConnectResponse(protocolVersion, timeoutMs, sessionId, passwd == null ? new byte[0] : passwd,
                readOnly);
    }

    /**
     * The xid of a reply frame without decoding the rest, so that a client can tell a
     * notification ({@link #NOTIFICATION_XID}) or a ping reply (-2) from the answer to one of
     * its requests, and look up which opcode that request had.
     */
    public static int replyXid(ByteBuffer frame) throws MalformedFrameException {
        return new JuteReader(frame, 0).readInt();
    }

    /**
     * Decodes a reply frame: ReplyHeader(xid, zxid, err), then, only when {@code err == 0},
     * the body laid out for {@code opcode}, the opcode of the request with this xid (the
     * inverse of {@link #encodeReply}). An opcode with no reply layout is malformed.
     */
    public static Reply decodeReply(ByteBuffer frame, int opcode, int maxBuffer) throws MalformedFrameException {
        JuteReader r = new JuteReader(frame, maxBuffer);
        if (r.remaining() < REPLY_HEADER_BYTES) {
            throw new MalformedFrameException("reply frame of " + r.remaining() + " bytes has no full header");
        }
        int xid = r.readInt();
        long zxid = r.readLong();
        int err = r.readInt();
        Response body = err == 0 ? ReplyDecoder.readBody(r, opcode) : null;
        return new Reply(xid, zxid, err, body);
    }

    /** Decodes a watch notification: ReplyHeader(-1, zxid, 0) + WatcherEvent(type, state, path). */
    public static Notification decodeNotification(ByteBuffer frame, int maxBuffer) throws MalformedFrameException {
        JuteReader r = new JuteReader(frame, maxBuffer);
        int xid = r.readInt();
        if (xid != NOTIFICATION_XID) {
            throw new MalformedFrameException("notification with xid " + xid + ", not " + NOTIFICATION_XID);
        }
        long zxid = r.readLong();
        r.readInt();
        int type = r.readInt();
        int state = r.readInt();
        return new Notification(zxid, type, state, r.readNonNullString("notification path"));
    }

    /**
     * Appends a request frame: RequestHeader(xid, request.opcode()) + body, the inverse of
     * {@link #decodeRequest}. Multi sub-ops are written with their own opcodes. A
     * {@link Request.CreateSession} has no frame form and throws IllegalStateException.
     */
    public static void encodeRequest(JuteWriter w, int xid, Request request) {
        int mark = w.beginFrame();
        w.writeInt(xid);
        w.writeInt(request.opcode());
        RequestEncoder.writeBody(w, request);
        w.endFrame(mark);
    }
}
