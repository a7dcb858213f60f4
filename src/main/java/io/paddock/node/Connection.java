package io.paddock.node;

import io.paddock.model.ConnectResponse;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.tree.AuthInfo;
import io.paddock.wire.json.CloseReason;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * One client connection, whatever its protocol: its session binding, its authenticated ids and
 * its ordered pipeline of requests awaiting replies, which {@link Sessions} runs the same way
 * for every protocol. A subclass is the protocol's two halves: the transport (a TCP socket with
 * jute framing, {@link TcpConnection}, or a WebSocket with JSON text messages,
 * {@link WebSocketConnection}) and the encoder of replies and notifications into the
 * connection's output, which {@link #flush()} writes once per event-loop turn. The session
 * layer reaches the protocol through one virtual call per reply or notification, nothing else.
 *
 * <p>Runs on the node's event loop only.
 *
 * <p>Invariant: replies leave in request order; {@link #pipeline} holds, oldest first, every
 * request not yet answered (pings and auth excepted on the ZooKeeper protocol, where they never
 * enter it: auth is answered at once there, as ZooKeeper does).
 */
abstract class Connection {
    enum State { NEW, CONNECTING, OPEN, CLOSED }

    /** One request in a session's pipeline. */
    static final class Pending {
        final int xid;
        final Request request;
        final long receivedNanos;
        final boolean write;
        /** A write or a sync: answered only once the replica has resolved it. */
        final boolean awaitsReplica;
        /** What the protocol needs to answer it beyond the xid (the WebSocket request); null on TCP. */
        final Object tag;
        boolean resolved;
        int err;
        long zxid;
        Response response;
        /** A resumed addWatch: true while its history is being read from disk ({@link HistoryRebuilds}). */
        boolean diskQueued;
        /** A resumed addWatch: what the disk gave for it (null when it needs nothing from disk, or not yet). */
        LogHistory.Outcome diskOutcome;
        /** A resumed addWatch: how many disk rebuilds were started for it. */
        int diskAttempts;

        Pending(int xid, Request request, long receivedNanos, Object tag) {
            this.xid = xid;
            this.request = request;
            this.receivedNanos = receivedNanos;
            this.write = request.isWrite();
            this.awaitsReplica = write || request instanceof Request.Sync;
            this.tag = tag;
        }
    }

    final long id;
    final String remoteHost;
    final int remotePort;
    final long establishedMs;
    State state = State.NEW;
    long sessionId;
    int timeoutMs;
    byte[] passwd;
    /**
     * The connection's identities in ZooKeeper's order ({@link AuthInfo}); immutable, replaced on
     * every addAuth, so a write message can share {@code authInfo.ids()}.
     */
    AuthInfo authInfo;
    final ArrayDeque<Pending> pipeline = new ArrayDeque<>();
    /** What the protocol needs to answer the handshake, kept while the createSession write is on its way. */
    Object connectTag;
    boolean dirty;
    boolean closeAfterFlush;
    boolean pausedForBacklog;
    /** The client sent closeSession on this connection: later requests are dropped. */
    boolean closeRequested;
    /** The session it reattaches to was looked up again after catching up with the leader. */
    boolean revalidated;


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

    Connection(long id, SocketAddress remote, long nowMs) {
        this.id = id;
        this.remoteHost = remote == null ? "unknown" : remote.host();
        this.remotePort = remote == null ? 0 : remote.port();
        this.establishedMs = nowMs;
        this.authInfo = AuthInfo.of(new Id("ip", remoteHost));
    }

    // ---- the encoder: appends to the connection's output ---------------------------------

    /** The answer to the handshake; {@code timeoutMs} 0 means the session asked for has expired. */
    abstract void connectResponse(ConnectResponse response, long zxid, Object tag);

    /** The reply to {@code pending}; {@code xid} is the one to answer with (-2 for a ping on TCP). */
    abstract void reply(Pending pending, int xid, long zxid, int err, int opcode, Response body);

    /** The reply to an addAuth, which on TCP never enters the pipeline; {@code zxid} is the node's last applied. */
    abstract void authReply(int err, Object tag, long zxid);

    /** A watch event; {@code replayFor} is the tag of the addWatch replaying it, or null when live. */
    abstract void notification(long zxid, WatchEvent event, Object replayFor);

    /** Says why the node is about to close the connection, where the protocol can (TCP cannot). */
    abstract void closing(CloseReason reason, String message);

    /** Something the session layer did not encode went out (a protocol error): counted for stat, cons, mntr. */
    void countSent(ServerStats stats) {
        stats.packetsSent++;
        packetsSent++;
    }

    /** A frame or message arrived: counted for stat, cons and mntr. */
    void countReceived(ServerStats stats) {
        stats.packetsReceived++;
        packetsReceived++;
    }

    // ---- the transport --------------------------------------------------------------------

    /** The session is open: handle the requests that arrived while it was being created. */
    abstract void opened();

    abstract void pauseReading();

    abstract void resumeReading();

    /** Writes what the encoder appended since the last flush and empties the output. */
    abstract void writeOut();

    abstract void closeTransport();

    /** "tcp" or "ws", for logs. */
    abstract String protocol();

    /** Writes every reply encoded since the last flush, in one transport write (per message on a WebSocket). */
    final void flush() {
        dirty = false;
        if (state != State.CLOSED) {
            writeOut();
        }
        if (closeAfterFlush && state != State.CLOSED) {
            state = State.CLOSED;
            closeTransport();
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
