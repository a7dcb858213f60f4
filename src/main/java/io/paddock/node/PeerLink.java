package io.paddock.node;

import io.paddock.consensus.PeerMessage;
import io.paddock.tree.DataTree;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.peer.PeerFrames;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one way of reaching peer {@code peer}: the TCP connection it dials to the peer's
 * configured address (in tests, a fault-proxy port), the frames waiting to be written on it, and
 * the redial schedule. Everything this node sends to the peer goes on this connection; nothing
 * is ever read from it (a peer never sends on a connection it accepted).
 *
 * <p>Runs on the node's event loop only, except {@link SnapshotSender}'s worker, which reaches
 * this class only through {@code runOnContext}.
 *
 * <p>Invariants: {@code connection} is the open socket or null; HELLO is the first frame written
 * on every connection; {@code out} is empty while there is no connection (messages for a peer
 * that is not connected are dropped, the protocol retransmits); the bytes queued for the peer
 * ({@code out} plus written but not yet flushed to the kernel) stay within {@code bytesMax}, except
 * for snapshot frames, which are paced instead (at most {@code snapshotQueueBytes} plus the frames
 * in hand); at most one redial timer and one dial are pending, and none once the transport is
 * closed; at most one snapshot streams at a time, and only on the connection it started on.
 */
final class PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    static final int BACKOFF_MS_MIN = 50;
    static final int BACKOFF_MS_MAX = 1000;
    /** A writer that grew for a burst is given back after the flush, so an idle link does not pin it. */
    private static final int OUT_RETAINED_BYTES_MAX = 1 << 20;
    private static final int OUT_INITIAL_BYTES = 16 << 10;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A connection that stayed up this long was a success: its loss resets the backoff. */
    private static final long CONNECTION_LIVED_NANOS = TimeUnit.MILLISECONDS.toNanos(BACKOFF_MS_MAX);

    /** One dialed TCP connection; callbacks of a connection that is gone touch only their own object. */
    final class Connection {
        final NetSocket socket;
        /** Bytes handed to the socket whose write has not completed yet. */
        long unwritten;
        /** Permits the snapshot worker is owed once enough writes complete. */
        int owedPermits;

        Connection(NetSocket socket) {
            this.socket = socket;
        }
    }

    final int peer;
    final String host;
    final int port;
    /** "SELF->PEER" for log lines (the fault proxy calls the same link "SELF-PEER"). */
    final String name;
    private final PeerTransport transport;
    private final SplittableRandom random;
    private final long bytesMax;
    /** The unwritten bytes below which a snapshot may hand over its next frame. */
    private final int snapshotQueueBytes;
    private final JuteWriter out = new JuteWriter(OUT_INITIAL_BYTES);
    private final SocketOut socketOut = new SocketOut(OUT_INITIAL_BYTES, OUT_RETAINED_BYTES_MAX);
    private Connection connection;
    private boolean dialing;
    private long redialTimer = -1;
    private int backoffMs = BACKOFF_MS_MIN;
    private long connectedNanos;
    /** The last connection died young: its successors are logged at debug until one lives. */
    private boolean flapping;
    private boolean dirty;
    private SnapshotSender snapshot;

    // counters, for tests and the four-letter words
    private long droppedFull;
    private long droppedDisconnected;
    private long socketWrites;
    private long connects;
    private long snapshotsStarted;
    private long droppedSinceLog;
    private long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;

    PeerLink(PeerTransport transport, ClusterSettings.Peer member, SplittableRandom random, long bytesMax) {
        this.transport = transport;
        this.peer = member.id();
        this.host = member.host();
        this.port = member.peerPort();
        this.name = transport.selfId() + "->" + member.id();
        this.random = random;
        this.bytesMax = bytesMax;
        this.snapshotQueueBytes = SnapshotSender.queueBytes(bytesMax);
    }

    // ---- dialing ---------------------------------------------------------------------------

    void dial() {
        if (transport.closed() || dialing || connection != null) {
            return;
        }
        dialing = true;
        transport.client().connect(port, host).onComplete(this::dialed);
    }

    private void dialed(AsyncResult<NetSocket> result) {
        dialing = false;
        if (transport.closed()) {
            if (result.succeeded()) {
                result.result().close();
            }
            return;
        }
        if (result.failed()) {
            LOG.debug("link {}: cannot connect to {}:{}: {}", name, host, port, result.cause().getMessage());
            redialLater();
            return;
        }
        connected(result.result());
    }

    private void connected(NetSocket socket) {
        Connection c = new Connection(socket);
        connection = c;
        connects++;
        connectedNanos = System.nanoTime();
        socket.closeHandler(v -> lost(c));
        socket.exceptionHandler(cause -> {
            LOG.debug("link {}: connection error: {}", name, cause.toString());
            abort(c);
        });
        socket.handler(bytes -> {
            // The peer accepted this connection and must never send on it: it is confused, start over.
            LOG.warn("link {}: {} unexpected bytes on the connection this node dialed; closing it", name,
                    bytes.length());
            abort(c);
        });
        if (flapping) {
            LOG.debug("link {}: connected to {}:{} again", name, host, port);
        } else {
            LOG.info("link {}: connected to {}:{}", name, host, port);
        }
        out.reset();
        PeerFrames.appendHello(out, transport.selfId(), peer);
        flush();
    }

    /**
     * The connection closed (by either side, or after an error): report it once and redial. Only
     * a connection that lived a while resets the backoff: one closed at once (a fault proxy whose
     * target is down accepts and closes) counts as a failed dial, so that such a peer is redialed
     * at most every second, and logged at debug until a connection lives again.
     */
    private void lost(Connection c) {
        if (connection != c) {
            return;
        }
        connection = null;
        out.reset(OUT_RETAINED_BYTES_MAX);
        cancelSnapshot();
        if (transport.closed()) {
            return;
        }
        boolean lived = System.nanoTime() - connectedNanos >= CONNECTION_LIVED_NANOS;
        if (lived) {
            backoffMs = BACKOFF_MS_MIN;
        }
        if (lived || !flapping) {
            LOG.info("link {}: lost the connection to {}:{}", name, host, port);
        } else {
            LOG.debug("link {}: lost the connection to {}:{} again", name, host, port);
        }
        flapping = !lived;
        transport.inbound().disconnected(peer);
        redialLater();
    }

    private void redialLater() {
        if (transport.closed() || redialTimer >= 0) {
            return;
        }
        // Seeded jitter, so that nodes that lost each other at the same moment do not redial in step.
        long delayMs = backoffMs + random.nextInt(backoffMs / 4 + 1);
        backoffMs = Math.min(BACKOFF_MS_MAX, backoffMs * 2);
        redialTimer = transport.vertx().setTimer(delayMs, id -> {
            redialTimer = -1;
            dial();
        });
    }

    Future<Void> close() {
        if (redialTimer >= 0) {
            transport.vertx().cancelTimer(redialTimer);
            redialTimer = -1;
        }
        cancelSnapshot();
        out.reset(OUT_RETAINED_BYTES_MAX);
        Connection c = connection;
        return c == null ? Future.succeededFuture() : abort(c);
    }

    /**
     * Closes the connection now, dropping what is still queued. {@code NetSocket.close()}, and
     * even a close sent down the whole netty pipeline, wait in Vert.x's handler until the pending
     * writes have left, which on a stalled peer they never do, so neither a snapshot timeout nor
     * the node's shutdown would take effect. A close issued from that handler's own context goes
     * only through the handlers below it, straight to the channel. Whatever was queued the protocol
     * retransmits on the next connection.
     */
    private static Future<Void> abort(Connection c) {
        io.netty.channel.ChannelFuture closing = ((NetSocketInternal) c.socket).channelHandlerContext().close();
        io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
        closing.addListener(done -> closed.tryComplete());
        return closed.future();
    }

    // ---- messages --------------------------------------------------------------------------

    /** Encodes {@code message} into this turn's batch (and marks the link dirty); false when it was dropped. */
    boolean enqueue(PeerMessage message) {
        if (connection == null) {
            droppedDisconnected++;
            return false;
        }
        if (queuedBytes() >= bytesMax) {
            droppedFull(message);
            return false;
        }
        int mark = out.size();
        try {
            PeerFrames.appendMessage(out, message);
        } catch (RuntimeException e) {
            // A message that cannot be framed (too large, or not forwardable) is a bug of its sender;
            // the node keeps running and the protocol retransmits or times out.
            LOG.error("link {}: cannot send {}: {}", name, message.getClass().getSimpleName(), e.getMessage());
            droppedFull++;
            return false;
        }
        if (queuedBytes() > bytesMax) {
            out.truncate(mark);
            droppedFull(message);
            return false;
        }
        dirty = true;
        return true;
    }

    /** True while messages wait for this turn's flush. */
    boolean dirty() {
        return dirty;
    }

    private void droppedFull(PeerMessage message) {
        droppedFull++;
        droppedSinceLog++;
        long now = System.nanoTime();
        if (now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            LOG.warn("link {}: dropped {} message(s) (the last a {}): {} bytes queued, the bound is {}", name,
                    droppedSinceLog, message.getClass().getSimpleName(), queuedBytes(), bytesMax);
            lastDropLogNanos = now;
            droppedSinceLog = 0;
        }
    }

    /** Writes everything encoded since the last flush in one socket write. */
    void flush() {
        dirty = false;
        Connection c = connection;
        if (c != null && out.size() > 0) {
            int n = out.size();
            track(c, n, socketOut.write(c.socket, out));
        }
        out.reset(OUT_RETAINED_BYTES_MAX);
    }

    private void write(Connection c, Buffer bytes) {
        track(c, bytes.length(), c.socket.write(bytes));
    }

    /** Counts {@code n} bytes handed to {@code c}'s socket as unwritten until {@code write} completes. */
    private void track(Connection c, int n, Future<Void> write) {
        c.unwritten += n;
        socketWrites++;
        write.onComplete(done -> written(c, n));
    }

    /**
     * A write reached the kernel (or failed with its connection). The snapshot is paced here, by
     * bytes, rather than with {@code writeQueueFull()}/{@code drainHandler}: in Vert.x 5 those follow
     * the netty channel's high-water mark and then a queue bounded in messages, not bytes, and a
     * test measured 15 MB of 1 MiB frames queued with {@code writeQueueFull()} still false.
     */
    private void written(Connection c, int n) {
        c.unwritten -= n;
        if (c.owedPermits > 0 && c.unwritten < snapshotQueueBytes) {
            int owed = c.owedPermits;
            c.owedPermits = 0;
            if (snapshot != null && snapshot.connection() == c) {
                snapshot.grant(owed);
            }
        }
    }

    // ---- snapshots -------------------------------------------------------------------------

    void sendSnapshot(long epoch, DataTree tree, int timeoutMs) {
        if (connection == null) {
            LOG.info("link {}: not connected, snapshot at zxid 0x{} not sent", name, Long.toHexString(tree.lastZxid()));
            return;
        }
        if (snapshot != null) {
            LOG.debug("link {}: a snapshot is already on its way; ignoring another", name);
            return;
        }
        snapshotsStarted++;
        snapshot = new SnapshotSender(this, connection, transport.context(), transport.selfId(), epoch, tree);
        snapshot.start(transport.vertx(), timeoutMs);
    }

    /**
     * A frame from the snapshot worker: written at once (interleaved with message batches), and
     * the worker may produce the next one as soon as fewer than {@code snapshotQueueBytes} are
     * waiting to reach the kernel, now or when enough writes complete ({@link #written}).
     */
    void snapshotFrame(SnapshotSender sender, Buffer frame) {
        Connection c = sender.connection();
        if (snapshot != sender || connection != c) {
            return; // cancelled: the connection it belonged to is gone
        }
        write(c, frame);
        if (c.unwritten < snapshotQueueBytes) {
            sender.grant(1);
        } else {
            c.owedPermits++;
        }
    }

    /** The snapshot took longer than the leader's snapshot timeout: give up on the connection too. */
    void snapshotTimedOut(SnapshotSender sender) {
        if (snapshot != sender) {
            return;
        }
        LOG.warn("link {}: snapshot at zxid 0x{} still not sent after its timeout; closing the connection so the peer "
                + "drops the partial body", name, Long.toHexString(sender.zxid()));
        cancelSnapshot();
        if (connection == sender.connection()) {
            abort(connection);
        }
    }

    void snapshotFinished(SnapshotSender sender) {
        if (snapshot == sender) {
            snapshot = null;
        }
    }

    private void cancelSnapshot() {
        if (snapshot != null) {
            snapshot.cancel();
            snapshot = null;
        }
    }

    // ---- state, for the transport's accessors ----------------------------------------------

    boolean connected() {
        return connection != null;
    }

    long queuedBytes() {
        return out.size() + (connection == null ? 0 : connection.unwritten);
    }

    long droppedFull() {
        return droppedFull;
    }

    long droppedDisconnected() {
        return droppedDisconnected;
    }

    long socketWrites() {
        return socketWrites;
    }

    long connects() {
        return connects;
    }

    long snapshotsStarted() {
        return snapshotsStarted;
    }

    boolean snapshotStreaming() {
        return snapshot != null;
    }
}
