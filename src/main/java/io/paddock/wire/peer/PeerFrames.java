package io.paddock.wire.peer;

import io.paddock.consensus.PeerMessage;
import io.paddock.wire.jute.JuteWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frames of a peer connection: what one node writes on the TCP connection it dialed to
 * another, and how the receiver splits and checks them.
 *
 * <pre>
 * stream   := hello frame*
 * frame    := length:i32 version:u8 crc:i32 type:u8 payload
 *   length  = bytes after the length field = 6 + |payload|, in [6, {@value #FRAME_LENGTH_MAX}]
 *   version = 1
 *   crc     = crc32c over the version byte, then the type byte and the payload
 *             (every frame byte after the length, except the crc itself)
 * type 1 HELLO           from:i32 to:i32 protocolVersion:i32   (the first frame, and only then)
 * type 2 MESSAGE         message                               (see {@link PeerCodec})
 * type 3 SNAPSHOT_BEGIN  from:i32 to:i32 epoch:i64 zxid:i64 bodyBytes:i64 (bodyBytes >= 0)
 * type 4 SNAPSHOT_CHUNK  bytes{length - 6}                     (the next bytes of the body, at least 1)
 * type 5 SNAPSHOT_END    bodyCrc:i32                           (crc32c of the whole body)
 * </pre>
 * Integers are big-endian. A snapshot's BEGIN, CHUNKs and END go on one connection in that
 * order and may be interleaved with MESSAGE frames; the body is {@code tree.TreeSnapshot}'s.
 * The length is checked before anything is allocated for a frame, so a hostile length cannot
 * make the receiver buffer more than {@value #FRAME_LENGTH_MAX} bytes. A later format gets a new
 * version byte.
 *
 * <p>Stateless: encoders append whole frames to a caller-owned, reused {@link JuteWriter}, so
 * that a batch of frames leaves in one socket write; {@link #decode} reads a view of the
 * received bytes without copying the frame and throws only {@link MalformedPeerFrameException}
 * for bad input.
 */
public final class PeerFrames {
    public static final int VERSION = 1;
    /** The protocol a HELLO announces: what the MESSAGE payloads and the snapshot body mean. */
    public static final int PROTOCOL_VERSION = 2; // 2: Commit carries the leader's durable zxid

    public static final int TYPE_HELLO = 1;
    public static final int TYPE_MESSAGE = 2;
    public static final int TYPE_SNAPSHOT_BEGIN = 3;
    public static final int TYPE_SNAPSHOT_CHUNK = 4;
    public static final int TYPE_SNAPSHOT_END = 5;

    /** Bytes of the length field. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes of length, version, crc and type: a frame is this plus its payload. */
    public static final int HEADER_BYTES = 10;
    /** The largest length field accepted (64 MiB), a bound on every frame a receiver buffers. */
    public static final int FRAME_LENGTH_MAX = 64 << 20;
    /** The largest payload that fits in one frame. */
    public static final int PAYLOAD_BYTES_MAX = FRAME_LENGTH_MAX - (HEADER_BYTES - LENGTH_BYTES);

    private static final int LENGTH_MIN = HEADER_BYTES - LENGTH_BYTES;

    private PeerFrames() {}

    // ---- encoding ---------------------------------------------------------------------------

    public static void appendHello(JuteWriter w, int from, int to) {
        int mark = begin(w, TYPE_HELLO);
        w.writeInt(from);
        w.writeInt(to);
        w.writeInt(PROTOCOL_VERSION);
        end(w, mark);
    }

    /**
     * Appends one MESSAGE frame.
     *
     * @throws IllegalArgumentException if the message does not fit in a frame; {@code w} is then
     *     as it was before the call
     */
    public static void appendMessage(JuteWriter w, PeerMessage message) {
        int mark = begin(w, TYPE_MESSAGE);
        try {
            PeerCodec.encode(w, message);
        } catch (IllegalStateException e) {
            w.truncate(mark);
            throw e;
        }
        end(w, mark);
    }

    public static void appendSnapshotBegin(JuteWriter w, int from, int to, long epoch, long zxid, long bodyBytes) {
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("negative snapshot body size " + bodyBytes);
        }
        int mark = begin(w, TYPE_SNAPSHOT_BEGIN);
        w.writeInt(from);
        w.writeInt(to);
        w.writeLong(epoch);
        w.writeLong(zxid);
        w.writeLong(bodyBytes);
        end(w, mark);
    }

    public static void appendSnapshotChunk(JuteWriter w, byte[] bytes, int offset, int length) {
        if (length < 1 || length > PAYLOAD_BYTES_MAX) {
            throw new IllegalArgumentException("snapshot chunk of " + length + " bytes");
        }
        int mark = beginSnapshotChunk(w);
        w.writeBytes(bytes, offset, length);
        end(w, mark);
    }

    /**
     * Starts a SNAPSHOT_CHUNK frame whose bytes the caller then appends with
     * {@link JuteWriter#writeBytes} (for a streaming writer that fills the frame from several
     * sources); {@link #end} finishes it. Returns the mark to pass to {@link #end}.
     */
    public static int beginSnapshotChunk(JuteWriter w) {
        return begin(w, TYPE_SNAPSHOT_CHUNK);
    }

    public static void appendSnapshotEnd(JuteWriter w, int bodyCrc) {
        int mark = begin(w, TYPE_SNAPSHOT_END);
        w.writeInt(bodyCrc);
        end(w, mark);
    }

    private static int begin(JuteWriter w, int type) {
        int mark = w.size();
        w.writeInt(0); // length, patched by end
        w.writeByte(VERSION);
        w.writeInt(0); // crc, patched by end
        w.writeByte(type);
        return mark;
    }

    /**
     * Patches the length and crc of the frame begun at {@code mark}.
     *
     * @throws IllegalArgumentException if the frame is longer than {@link #FRAME_LENGTH_MAX};
     *     the frame is then taken back out of {@code w}
     */
    public static void end(JuteWriter w, int mark) {
        long length = (long) w.size() - mark - LENGTH_BYTES;
        if (length > FRAME_LENGTH_MAX) {
            w.truncate(mark);
            throw new IllegalArgumentException("peer frame of " + length + " bytes exceeds " + FRAME_LENGTH_MAX);
        }
        w.setInt(mark, (int) length);
        CRC32C crc = new CRC32C();
        byte[] bytes = w.array();
        crc.update(bytes[mark + LENGTH_BYTES]);
        crc.update(bytes, mark + HEADER_BYTES - 1, w.size() - (mark + HEADER_BYTES - 1));
        w.setInt(mark + LENGTH_BYTES + 1, (int) crc.getValue());
    }

    // ---- decoding ---------------------------------------------------------------------------

    /**
     * The whole size of a frame (length field included) whose length field is {@code length}:
     * what a stream reader waits for before calling {@link #decode}.
     *
     * @throws MalformedPeerFrameException if no frame can have that length
     */
    public static int frameBytes(int length) throws MalformedPeerFrameException {
        if (length < LENGTH_MIN) {
            throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.BAD_LENGTH,
                    "frame length " + length + " is shorter than a frame header");
        }
        if (length > FRAME_LENGTH_MAX) {
            throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.OVERSIZE,
                    "frame length " + length + " exceeds " + FRAME_LENGTH_MAX);
        }
        return LENGTH_BYTES + length;
    }

    /**
     * Decodes exactly one frame: all of {@code frame}'s remaining bytes, length field included.
     * The buffer's position is not moved; a {@link PeerFrame.SnapshotChunk} is a view of it.
     */
    public static PeerFrame decode(ByteBuffer frame) throws MalformedPeerFrameException {
        ByteBuffer f = frame.order() == ByteOrder.BIG_ENDIAN ? frame : frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        int start = f.position();
        int available = f.remaining();
        if (available < LENGTH_BYTES) {
            throw truncated(available, LENGTH_BYTES);
        }
        int whole = frameBytes(f.getInt(start));
        if (available < whole) {
            throw truncated(available, whole);
        }
        if (available > whole) {
            throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.TRAILING_BYTES,
                    (available - whole) + " bytes after a frame of " + whole);
        }
        int version = f.get(start + LENGTH_BYTES) & 0xff;
        if (version != VERSION) {
            throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.UNKNOWN_VERSION,
                    "frame version " + version);
        }
        int typeAt = start + HEADER_BYTES - 1;
        CRC32C crc = new CRC32C();
        crc.update(version);
        crc.update(f.slice(typeAt, whole - (HEADER_BYTES - 1)));
        int expected = f.getInt(start + LENGTH_BYTES + 1);
        if ((int) crc.getValue() != expected) {
            throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.BAD_CRC, String.format(
                    "frame crc32c %08x, computed %08x", expected, (int) crc.getValue()));
        }
        ByteBuffer payload = f.slice(start + HEADER_BYTES, whole - HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        return decodePayload(f.get(typeAt) & 0xff, payload);
    }

    private static PeerFrame decodePayload(int type, ByteBuffer payload) throws MalformedPeerFrameException {
        switch (type) {
            case TYPE_HELLO:
                expectBytes(payload, 12, "HELLO");
                return new PeerFrame.Hello(payload.getInt(0), payload.getInt(4), payload.getInt(8));
            case TYPE_MESSAGE:
                return new PeerFrame.Message(PeerCodec.decode(payload));
            case TYPE_SNAPSHOT_BEGIN: {
                expectBytes(payload, 32, "SNAPSHOT_BEGIN");
                long bodyBytes = payload.getLong(24);
                if (bodyBytes < 0) {
                    throw badPayload("SNAPSHOT_BEGIN with a negative body size " + bodyBytes);
                }
                return new PeerFrame.SnapshotBegin(payload.getInt(0), payload.getInt(4), payload.getLong(8),
                        payload.getLong(16), bodyBytes);
            }
            case TYPE_SNAPSHOT_CHUNK:
                if (!payload.hasRemaining()) {
                    throw badPayload("empty SNAPSHOT_CHUNK");
                }
                return new PeerFrame.SnapshotChunk(payload);
            case TYPE_SNAPSHOT_END:
                expectBytes(payload, 4, "SNAPSHOT_END");
                return new PeerFrame.SnapshotEnd(payload.getInt(0));
            default:
                throw new MalformedPeerFrameException(MalformedPeerFrameException.Reason.UNKNOWN_TYPE,
                        "frame type " + type);
        }
    }

    private static void expectBytes(ByteBuffer payload, int bytes, String what) throws MalformedPeerFrameException {
        if (payload.remaining() != bytes) {
            throw badPayload(what + " payload of " + payload.remaining() + " bytes, not " + bytes);
        }
    }

    private static MalformedPeerFrameException truncated(int available, int needed) {
        return new MalformedPeerFrameException(MalformedPeerFrameException.Reason.TRUNCATED,
                "frame ends after " + available + " of " + needed + " bytes");
    }

    private static MalformedPeerFrameException badPayload(String detail) {
        return new MalformedPeerFrameException(MalformedPeerFrameException.Reason.BAD_PAYLOAD, detail);
    }
}
