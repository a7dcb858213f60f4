package io.paddock.node;

import io.paddock.model.ConnectResponse;
import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.wire.jute.ClientCodec;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.json.CloseReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection on the ZooKeeper TCP protocol: splits the byte stream into length-prefixed jute
 * frames (handing each to its {@link FrameSink} as a view of the received bytes, no copy), and
 * encodes replies and notifications with {@link ClientCodec} into {@link #out}, which goes to the
 * socket in one write per event-loop turn.
 *
 * <p>Runs on the node's event loop only. Invariant: {@link #early} holds, in arrival order, the
 * frames that arrived after the ConnectRequest while the session was being created (each a copy,
 * since the read that delivered it is gone by then); it is empty once the session is open.
 */
final class TcpConnection extends Connection {
    /** A reply batch's array above this (a rare huge reply) is not kept for the next one. */
    private static final int OUT_RETAINED_BYTES_MAX = 256 << 10;
    final NetSocket socket;
    private final FrameSink sink;
    boolean readOnlyFieldPresent = true;
    /** Frames that arrived while the session was being created; processed once it is. */
    final List<ByteBuffer> early = new ArrayList<>();
    final JuteWriter out = new JuteWriter();
    private final SocketOut socketOut = new SocketOut(256, OUT_RETAINED_BYTES_MAX);
    boolean sawFirstFrame;
    private Buffer inbound;

    TcpConnection(long id, NetSocket socket, FrameSink sink, long nowMs) {
        super(id, socket.remoteAddress(), nowMs);
        this.socket = socket;
        this.sink = sink;
    }

    /** Receives framing events from {@link #receive}. */
    interface FrameSink {
        /** Handles a four-letter word if {@code firstInt} is one; true when it was. */
        boolean fourLetterWord(TcpConnection connection, int firstInt);

        /** Checks a frame length; false closes the connection. */
        boolean acceptLength(TcpConnection connection, int frameLength);

        /** A frame, counted as received; dispatched by the connection's state. */
        void frame(TcpConnection connection, ByteBuffer frame);

        /** A request frame of the open session (an early one, already counted). */
        void request(TcpConnection connection, ByteBuffer frame);
    }

    /**
     * Appends a chunk and hands out every complete frame; the bytes of an incomplete one wait
     * for the next chunk.
     */
    void receive(Buffer chunk) {
        Buffer data;
        if (inbound == null || inbound.length() == 0) {
            data = chunk;
        } else {
            inbound.appendBuffer(chunk);
            data = inbound;
        }
        int pos = 0;
        int length = data.length();
        while (state != State.CLOSED && length - pos >= 4) {
            int frameLength = data.getInt(pos);
            if (!sawFirstFrame && pos == 0 && sink.fourLetterWord(this, frameLength)) {
                inbound = null;
                return;
            }
            if (!sink.acceptLength(this, frameLength)) {
                inbound = null;
                return;
            }
            if (length - pos - 4 < frameLength) {
                break;
            }
            // A view of the received bytes, no copy: the decoder copies out what it keeps, and a
            // frame kept for later (before the session exists) is copied by the sink.
            ByteBuffer frame = ((BufferInternal) data).getByteBuf().nioBuffer(pos + 4, frameLength);
            pos += 4 + frameLength;
            sawFirstFrame = true;
            sink.frame(this, frame);
        }
        if (pos >= length) {
            inbound = null;
        } else if (data == chunk || pos > 0) {
            inbound = Buffer.buffer(length - pos + 256).appendBuffer(data, pos, length - pos);
        }
    }

    /** A frame kept beyond the read that delivered it must own its bytes. */
    static ByteBuffer copyOf(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        return copy;
    }

    @Override
    void connectResponse(ConnectResponse response, long zxid, Object tag) {
        ClientCodec.encodeConnectResponse(out, response, readOnlyFieldPresent);
    }

    @Override
    void reply(Pending pending, int xid, long zxid, int err, int opcode, Response body) {
        ClientCodec.encodeReply(out, xid, zxid, err, opcode, body);
    }

    @Override
    void authReply(int err, Object tag, long zxid) {
        ClientCodec.encodeReply(out, -4, 0, err, OpCode.AUTH, Response.Empty.INSTANCE);
    }

    @Override
    void notification(long zxid, WatchEvent event, Object replayFor) {
        ClientCodec.encodeNotification(out, zxid, event.type(), event.path());
    }

    @Override
    void closing(CloseReason reason, String message) {
        // The ZooKeeper protocol has no such message: its clients learn from the closed socket.
    }

    @Override
    void opened() {
        List<ByteBuffer> frames = new ArrayList<>(early);
        early.clear();
        for (ByteBuffer frame : frames) {
            sink.request(this, frame);
        }
    }

    @Override
    void pauseReading() {
        socket.pause();
    }

    @Override
    void resumeReading() {
        socket.resume();
    }

    @Override
    void writeOut() {
        if (out.size() > 0) {
            socketOut.write(socket, out); // leaves out empty
        }
    }

    @Override
    void closeTransport() {
        socket.close();
    }

    @Override
    String protocol() {
        return "tcp";
    }
}
