package io.paddock.node;

import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.tree.AuthInfo;
import io.paddock.wire.jute.JuteWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One client TCP connection: its framing state, its session binding, its authenticated ids
 * and its ordered pipeline of requests awaiting replies. Replies are encoded into
 * {@link #out} and written to the socket in one write per event-loop turn.
 *
 * <p>Runs on the node's event loop only.
 *
 * <p>Invariant: replies leave in request order; {@link #pipeline} holds, oldest first, every
 * request not yet answered (pings and auth excepted, which never enter it).
 */
final class Connection {
    enum State { NEW, CONNECTING, OPEN, CLOSED }

    /** One request in a session's pipeline. */
    static final class Pending {
        final int xid;
        final Request request;
        final long receivedNanos;
        final boolean write;
        /** A write or a sync: answered only once the replica has resolved it. */
        final boolean awaitsReplica;
        boolean resolved;
        int err;
        long zxid;
        Response response;

        Pending(int xid, Request request, long receivedNanos) {
            this.xid = xid;
            this.request = request;
            this.receivedNanos = receivedNanos;
            this.write = request.isWrite();
            this.awaitsReplica = write || request instanceof Request.Sync;
        }
    }

    final long id;
    final NetSocket socket;
    final String remoteHost;
    final int remotePort;
    final long establishedMs;
    State state = State.NEW;
    long sessionId;
    int timeoutMs;
    byte[] passwd;
    boolean readOnlyFieldPresent = true;
    /**
     * The connection's identities in ZooKeeper's order ({@link AuthInfo}); immutable, replaced on
     * every addAuth, so a write message can share {@code authInfo.ids()}.
     */
    AuthInfo authInfo;
    final ArrayDeque<Pending> pipeline = new ArrayDeque<>();
    /** Frames that arrived while the session was being created; processed once it is. */
    final List<ByteBuffer> early = new ArrayList<>();
    final JuteWriter out = new JuteWriter();
    boolean dirty;
    boolean closeAfterFlush;
    boolean pausedForBacklog;
    /** The client sent closeSession on this connection: later requests are dropped. */
    boolean closing;
    boolean sawFirstFrame;
    private Buffer inbound;

    // statistics for the cons / stat four-letter words
    long packetsReceived;
    long packetsSent;
    long lastCxid = -1;
    long lastZxid = -1;
    String lastOp = "NA";
    long lastResponseMs;
    long lastLatencyMs;
    long latencyMinMs = Long.MAX_VALUE;
    long latencyMaxMs;
    long latencyTotalMs;
    long latencyCount;

    Connection(long id, NetSocket socket, long nowMs) {
        this.id = id;
        this.socket = socket;
        this.remoteHost = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().host();
        this.remotePort = socket.remoteAddress() == null ? 0 : socket.remoteAddress().port();
        this.establishedMs = nowMs;
        this.authInfo = AuthInfo.of(new Id("ip", remoteHost));
    }

    /**
     * Appends a chunk and hands every complete frame to {@code sink}, in order; the bytes of an
     * incomplete last frame are kept for the next chunk. Stops at a four-letter word, at a length
     * the sink refuses, or once the connection is closed.
     */
    void receive(Buffer chunk, FrameSink sink) {
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

    /** Receives framing events from {@link #receive}. */
    interface FrameSink {
        /** Handles a four-letter word if {@code firstInt} is one; true when it was. */
        boolean fourLetterWord(Connection connection, int firstInt);

        /** Checks a frame length; false closes the connection. */
        boolean acceptLength(Connection connection, int frameLength);

        void frame(Connection connection, ByteBuffer frame);
    }

    /** Writes every reply encoded since the last flush, in one socket write. */
    void flush() {
        dirty = false;
        if (out.size() > 0 && state != State.CLOSED) {
            socket.write(Buffer.buffer(out.size()).appendBytes(out.array(), 0, out.size()));
        }
        out.reset();
        if (closeAfterFlush && state != State.CLOSED) {
            state = State.CLOSED;
            socket.close();
        }
    }

    void recordLatency(long nowNanos, long receivedNanos, long nowMs) {
        long latencyMs = (nowNanos - receivedNanos) / 1_000_000L;
        lastLatencyMs = latencyMs;
        lastResponseMs = nowMs;
        latencyMinMs = Math.min(latencyMinMs, latencyMs);
        latencyMaxMs = Math.max(latencyMaxMs, latencyMs);
        latencyTotalMs += latencyMs;
        latencyCount++;
    }

    void resetStats() {
        packetsReceived = 0;
        packetsSent = 0;
        latencyMinMs = Long.MAX_VALUE;
        latencyMaxMs = 0;
        latencyTotalMs = 0;
        latencyCount = 0;
        lastLatencyMs = 0;
    }
}
