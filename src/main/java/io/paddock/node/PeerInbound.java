package io.paddock.node;

import io.paddock.consensus.PeerMessage;
import io.paddock.wire.peer.MalformedPeerFrameException;
import io.paddock.wire.peer.PeerFrame;
import io.paddock.wire.peer.PeerFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection a peer dialed to this node: the only way this node hears that peer. It reads
 * the HELLO (which names the peer: peers are known by the id in it, never by their address),
 * then splits the stream into frames, hands the messages of each socket read to
 * {@link PeerTransport.Inbound#messages} in one call, in order, and assembles snapshot bodies.
 * Nothing is ever written on it.
 *
 * <p>Runs on the node's event loop only.
 *
 * <p>Invariants: {@code peer} is 0 until a valid HELLO arrived, and then the sender's member id;
 * no message is delivered before the HELLO, nor after a frame that failed to decode, nor one that
 * is not from {@code peer} to this node; once {@code closed}, nothing more is delivered;
 * {@code pending} holds only the bytes of an incomplete frame, at most
 * {@link PeerFrames#FRAME_LENGTH_MAX} plus one read.
 */
final class PeerInbound {
    private static final Logger LOG = LoggerFactory.getLogger(PeerInbound.class);
    /** The most room reserved for a frame beyond the bytes received (a peer's length field is not trusted further). */
    private static final int PENDING_PREALLOCATED_MAX = 2 << 20;

    private final PeerTransport transport;
    private final NetSocket socket;
    private final String remote;
    private int peer;
    private Buffer pending;
    private SnapshotAssembly assembly;
    private boolean closed;

    PeerInbound(PeerTransport transport, NetSocket socket) {
        this.transport = transport;
        this.socket = socket;
        this.remote = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().toString();
    }

    /** Wires the socket's handlers. */
    void open() {
        socket.handler(this::receive);
        socket.closeHandler(v -> {
            closed = true;
            assembly = null;
            transport.acceptedClosed(this);
        });
        socket.exceptionHandler(cause -> {
            LOG.debug("link {}: connection error from {}: {}", name(), remote, cause.toString());
            close();
        });
    }

    int peer() {
        return peer;
    }

    void close() {
        if (!closed) {
            closed = true;
            assembly = null;
            socket.close();
        }
    }

    /** Splits a socket read into frames; the messages in it reach the inbound handler in one call. */
    private void receive(Buffer chunk) {
        if (closed) {
            return;
        }
        Buffer data;
        if (pending == null) {
            data = chunk;
        } else {
            pending.appendBuffer(chunk);
            data = pending;
        }
        int pos = 0;
        int length = data.length();
        List<PeerMessage> batch = new ArrayList<>();
        try {
            while (!closed && length - pos >= PeerFrames.LENGTH_BYTES) {
                int whole = PeerFrames.frameBytes(data.getInt(pos));
                if (length - pos < whole) {
                    break;
                }
                // A view of the received bytes, no copy: decoders copy out what they keep.
                ByteBuffer frame = ((BufferInternal) data).getByteBuf().nioBuffer(pos, whole);
                pos += whole;
                handle(PeerFrames.decode(frame), batch);
            }
        } catch (MalformedPeerFrameException e) {
            reject("bad frame: " + e.getMessage());
        }
        if (closed || pos >= length) {
            pending = null;
        } else if (data == chunk || pos > 0) {
            pending = Buffer.buffer(pendingCapacity(data, pos, length)).appendBuffer(data, pos, length - pos);
        }
        if (!batch.isEmpty() && !transport.closed()) {
            // Frames before a bad one passed their crc: they are delivered, the rest of the stream is not.
            transport.inbound().messages(batch);
        }
    }

    /**
     * Room for the incomplete frame at {@code pos}: its whole length when the length field has
     * arrived (a batch of appends spans many socket reads, and growing the buffer read by read
     * copied it over and over), at most {@link #PENDING_PREALLOCATED_MAX} ahead of the bytes at hand.
     */
    private static int pendingCapacity(Buffer data, int pos, int length) {
        int have = length - pos;
        if (have < PeerFrames.LENGTH_BYTES) {
            return have + 256;
        }
        int announced = data.getInt(pos);
        long whole = PeerFrames.LENGTH_BYTES + (long) Math.max(0, announced);
        return (int) Math.max(have + 256, Math.min(whole, (long) have + PENDING_PREALLOCATED_MAX));
    }

    private void handle(PeerFrame frame, List<PeerMessage> batch) {
        if (peer == 0) {
            hello(frame);
        } else if (frame instanceof PeerFrame.Message m) {
            PeerMessage message = m.message();
            if (message.from() != peer || message.to() != transport.selfId()) {
                reject("a " + message.getClass().getSimpleName() + " from " + message.from() + " to " + message.to()
                        + " on peer " + peer + "'s connection to node " + transport.selfId());
            } else {
                batch.add(message);
            }
        } else if (frame instanceof PeerFrame.SnapshotChunk c) {
            if (assembly == null) {
                reject("SNAPSHOT_CHUNK without SNAPSHOT_BEGIN");
            } else if (!assembly.add(c.bytes())) {
                reject("snapshot body longer than the " + assembly.begin().bodyBytes()
                        + " bytes its SNAPSHOT_BEGIN announced");
            }
        } else if (frame instanceof PeerFrame.SnapshotBegin b) {
            snapshotBegin(b);
        } else if (frame instanceof PeerFrame.SnapshotEnd e) {
            snapshotEnd(e);
        } else {
            reject("a second HELLO");
        }
    }

    private void hello(PeerFrame frame) {
        if (!(frame instanceof PeerFrame.Hello hello)) {
            reject("first frame is a " + frame.getClass().getSimpleName() + ", not HELLO");
            return;
        }
        if (hello.to() != transport.selfId()) {
            reject("HELLO for node " + hello.to() + ", but this is node " + transport.selfId());
        } else if (!transport.isPeer(hello.from())) {
            reject("HELLO from node " + hello.from() + ", which is not a member of this node's ensemble");
        } else if (hello.protocolVersion() != PeerFrames.PROTOCOL_VERSION) {
            reject("HELLO with protocol version " + hello.protocolVersion() + " (this node speaks "
                    + PeerFrames.PROTOCOL_VERSION + ")");
        } else {
            peer = hello.from();
            LOG.info("link {}: accepted the connection from {}", name(), remote);
            transport.helloReceived(this);
        }
    }

    private void snapshotBegin(PeerFrame.SnapshotBegin begin) {
        if (begin.from() != peer || begin.to() != transport.selfId()) {
            reject("SNAPSHOT_BEGIN from " + begin.from() + " to " + begin.to() + " on peer " + peer + "'s connection");
            return;
        }
        if (assembly != null) {
            LOG.warn("link {}: a new snapshot begins before the one at zxid 0x{} ended; dropping that one", name(),
                    Long.toHexString(assembly.begin().zxid()));
        }
        assembly = new SnapshotAssembly(begin, transport.snapshotBytesMax());
        LOG.info("link {}: receiving a snapshot at zxid 0x{} in epoch {}, {} bytes", name(),
                Long.toHexString(begin.zxid()), begin.epoch(), begin.bodyBytes());
    }

    private void snapshotEnd(PeerFrame.SnapshotEnd end) {
        if (assembly == null) {
            reject("SNAPSHOT_END without SNAPSHOT_BEGIN");
            return;
        }
        SnapshotAssembly body = assembly;
        assembly = null;
        String problem = body.problem(end.bodyCrc());
        if (problem != null) {
            LOG.warn("link {}: dropped the snapshot at zxid 0x{}: {}", name(), Long.toHexString(body.begin().zxid()),
                    problem);
            return;
        }
        transport.parseSnapshot(body);
    }

    /** A peer that sends what this node cannot trust: one log line naming it and why, then close; it redials. */
    private void reject(String reason) {
        LOG.warn("link {}: closing the connection from {}: {}", name(), remote, reason);
        close();
    }

    /** "PEER->SELF" once the HELLO named the peer, "?->SELF" before. */
    private String name() {
        return (peer == 0 ? "?" : Integer.toString(peer)) + "->" + transport.selfId();
    }
}
