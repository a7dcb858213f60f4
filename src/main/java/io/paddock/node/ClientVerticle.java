package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.Applied;
import io.paddock.model.ConnectRequest;
import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.session.SessionIds;
import io.paddock.session.SessionTracker;
import io.paddock.session.WatchManager;
import io.paddock.tree.Acls;
import io.paddock.tree.AuthInfo;
import io.paddock.tree.DataTree;
import io.paddock.tree.SessionInfo;
import io.paddock.tree.Znode;
import io.paddock.wire.jute.ClientCodec;
import io.paddock.wire.jute.FourLetterWords;
import io.paddock.wire.jute.MalformedFrameException;
import io.paddock.model.Perms;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client sessions over ZooKeeper's TCP protocol: accepts connections, splits frames, runs the
 * handshake, keeps each session's requests in order (reads wait behind the session's earlier
 * writes), sends writes to the proposer, answers reads from the applied tree, fires watches
 * when txns are applied, expires sessions and reaps containers and TTL nodes.
 *
 * <p>Runs on the node's single event loop; every field is confined to it.
 *
 * <p>Invariants: a session is bound to at most one open connection ({@link #bySession});
 * a connection's replies leave in request order; watch events of a txn are written before
 * the reply to that txn.
 */
public final class ClientVerticle extends VerticleBase implements Connection.FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClientVerticle.class);
    private static final byte[] NO_PASSWORD = new byte[16];

    private final NodeConfig config;
    private final ServerStats stats;
    private final SessionTracker tracker;
    private final SessionIds sessionIds;
    private final WatchManager watches = new WatchManager();
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Long, Connection> bySession = new HashMap<>();
    private final Map<String, Integer> perHost = new HashMap<>();
    private final List<Connection> dirty = new ArrayList<>();
    private final Backpressure backpressure;
    private final RequestExecutor executor;
    private DataTree tree;
    private EventBus bus;
    private NetServer server;
    private long nextConnectionId = 1;
    private int outstanding;

    public ClientVerticle(NodeConfig config, DataTree recovered, ServerStats stats) {
        this.config = config;
        this.tree = recovered;
        this.stats = stats;
        this.tracker = new SessionTracker(config.tickMs());
        this.sessionIds = new SessionIds(config.serverId(), System.currentTimeMillis());
        long nowMs = System.currentTimeMillis();
        for (SessionInfo session : recovered.sessions()) {
            tracker.add(session.sessionId(), session.timeoutMs(), nowMs);
            sessionIds.advancePast(session.sessionId());
        }
        this.executor = new RequestExecutor(watches, this::notify, stats);
        this.backpressure = new Backpressure(config.outstandingRequestsMax(), config.globalOutstandingLimit());
    }

    @Override
    public Future<?> start() {
        bus = vertx.eventBus();
        bus.<Msg.AppliedBatch>localConsumer(Bus.APPLIED, m -> onApplied(m.body()));
        bus.<Msg.Rejected>localConsumer(Bus.CLIENT_REJECTED, m -> onRejected(m.body()));
        vertx.setPeriodic(Math.max(10, Math.min(config.tickMs(), 1000)), id -> expireSessions());
        vertx.setPeriodic(Math.max(100, config.containerCheckIntervalMs()), id -> reap());
        probeEventLoop();
        NetServerOptions options = new NetServerOptions()
                .setHost(config.clientAddress())
                .setPort(config.clientPort())
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        server = vertx.createNetServer(options).connectHandler(this::accept);
        // Listen only once the replication layer serves: a client never meets a node that cannot answer.
        bus.<Msg.Serving>localConsumer(Bus.CLIENT_SERVING, m -> {
            tree = m.body().tree();
            stats.serving = true;
            server.listen().onComplete(bound -> {
                if (bound.succeeded()) {
                    listening.complete(bound.result().actualPort());
                } else {
                    listening.fail(bound.cause());
                }
            });
        });
        return Future.succeededFuture();
    }

    private final io.vertx.core.Promise<Integer> listening = io.vertx.core.Promise.promise();

    /** Completes with the bound port once the node serves and the client port is open. */
    public Future<Integer> listening() {
        return listening.future();
    }

    /** The bound client port, or -1 before it is bound. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    // ---- accepting and framing ------------------------------------------------------------

    private void accept(NetSocket socket) {
        long nowMs = System.currentTimeMillis();
        Connection connection = new Connection(nextConnectionId++, socket, nowMs);
        int fromHost = perHost.merge(connection.remoteHost, 1, Integer::sum);
        if (config.maxClientCnxns() > 0 && fromHost > config.maxClientCnxns()) {
            LOG.warn("too many connections from {} - max is {}", connection.remoteHost, config.maxClientCnxns());
            perHost.merge(connection.remoteHost, -1, Integer::sum);
            socket.close();
            return;
        }
        connections.put(connection.id, connection);
        stats.connectionsAccepted++;
        socket.handler(chunk -> {
            connection.receive(chunk, this);
            flushDirty();
        });
        socket.closeHandler(v -> closed(connection));
        socket.exceptionHandler(cause -> LOG.debug("connection {} error: {}", connection.remoteHost, cause.toString()));
    }

    @Override
    public boolean fourLetterWord(Connection connection, int firstInt) {
        String command = FourLetterWords.commandOf(firstInt);
        if (command == null) {
            return false;
        }
        connection.state = Connection.State.CLOSED;
        FourLetterWordOutput.View view = fourLetterView();
        Future<FourLetterWordOutput.DirSizes> sizes = FourLetterWordOutput.needsDirSizes(command)
                ? vertx.executeBlocking(() -> new FourLetterWordOutput.DirSizes(
                        DirectorySize.of(config.dataDir()), DirectorySize.of(config.dataLogDir())), false)
                : Future.succeededFuture(new FourLetterWordOutput.DirSizes(0, 0));
        sizes.onComplete(result -> {
            FourLetterWordOutput.DirSizes measured = result.succeeded() ? result.result()
                    : new FourLetterWordOutput.DirSizes(-1, -1);
            String text = FourLetterWordOutput.render(command, config, view, measured);
            connection.socket.end(io.vertx.core.buffer.Buffer.buffer(text));
        });
        return true;
    }

    @Override
    public boolean acceptLength(Connection connection, int frameLength) {
        if (frameLength < 0 || frameLength > config.juteMaxBufferBytes()) {
            LOG.warn("closing connection from {}:{}: Len error {} (jute.maxbuffer is {})", connection.remoteHost,
                    connection.remotePort, frameLength, config.juteMaxBufferBytes());
            close(connection);
            return false;
        }
        return true;
    }

    @Override
    public void frame(Connection connection, ByteBuffer frame) {
        stats.packetsReceived++;
        connection.packetsReceived++;
        switch (connection.state) {
            case NEW -> handshake(connection, frame);
            case CONNECTING -> connection.early.add(copyOf(frame));
            case OPEN -> request(connection, frame);
            case CLOSED -> { }
        }
    }

    /** A frame kept beyond the read that delivered it must own its bytes. */
    private static ByteBuffer copyOf(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        return copy;
    }

    // ---- handshake ------------------------------------------------------------------------

    private void handshake(Connection connection, ByteBuffer frame) {
        ConnectRequest connect;
        try {
            connect = ClientCodec.decodeConnect(frame);
        } catch (MalformedFrameException e) {
            LOG.warn("closing connection from {}: malformed ConnectRequest: {}", connection.remoteHost, e.getMessage());
            close(connection);
            return;
        }
        connection.readOnlyFieldPresent = connect.readOnlyPresent();
        if (connect.lastZxidSeen() > tree.lastZxid()) {
            LOG.info("refusing session 0x{} from {}: client has seen zxid 0x{}, this node only 0x{}",
                    Long.toHexString(connect.sessionId()), connection.remoteHost,
                    Long.toHexString(connect.lastZxidSeen()), Long.toHexString(tree.lastZxid()));
            close(connection);
            return;
        }
        int timeoutMs = Math.max(config.minSessionTimeoutMs(), Math.min(config.maxSessionTimeoutMs(), connect.timeoutMs()));
        if (connect.sessionId() == 0) {
            createSession(connection, timeoutMs);
        } else {
            reattach(connection, connect, timeoutMs);
        }
    }

    private void createSession(Connection connection, int timeoutMs) {
        long sessionId = sessionIds.next();
        byte[] passwd = new byte[16];
        random.nextBytes(passwd);
        connection.state = Connection.State.CONNECTING;
        connection.sessionId = sessionId;
        connection.timeoutMs = timeoutMs;
        connection.passwd = passwd;
        bySession.put(sessionId, connection);
        bus.send(Bus.REPLICATION_WRITE, new Msg.Write(sessionId, 0, new Request.CreateSession(timeoutMs, passwd),
                connection.authInfo.ids()));
    }

    private void reattach(Connection connection, ConnectRequest connect, int timeoutMs) {
        long sessionId = connect.sessionId();
        Connection previous = bySession.get(sessionId);
        if (previous != null && previous != connection) {
            LOG.info("session 0x{} moved to a new connection from {}", Long.toHexString(sessionId), connection.remoteHost);
            bySession.remove(sessionId);
            close(previous);
        }
        SessionInfo session = tree.session(sessionId);
        if (session == null || tracker.isClosing(sessionId) || !Arrays.equals(session.passwd(), connect.passwd())) {
            LOG.info("session 0x{} from {} is {}", Long.toHexString(sessionId), connection.remoteHost,
                    session == null || tracker.isClosing(sessionId) ? "expired" : "presented a wrong password");
            executor.connectResponse(connection, new ConnectResponse(0, 0, 0, NO_PASSWORD, false));
            connection.closeAfterFlush = true;
            markDirty(connection);
            return;
        }
        tracker.add(sessionId, timeoutMs, System.currentTimeMillis());
        open(connection, sessionId, timeoutMs, session.passwd());
    }

    private void open(Connection connection, long sessionId, int timeoutMs, byte[] passwd) {
        connection.state = Connection.State.OPEN;
        connection.sessionId = sessionId;
        connection.timeoutMs = timeoutMs;
        connection.passwd = passwd;
        bySession.put(sessionId, connection);
        executor.connectResponse(connection, new ConnectResponse(0, timeoutMs, sessionId, passwd, false));
        markDirty(connection);
        List<ByteBuffer> early = new ArrayList<>(connection.early);
        connection.early.clear();
        for (ByteBuffer frame : early) {
            request(connection, frame);
        }
    }

    // ---- requests ---------------------------------------------------------------------------

    private void request(Connection connection, ByteBuffer frame) {
        ClientCodec.Decoded decoded;
        try {
            decoded = ClientCodec.decodeRequest(frame, config.juteMaxBufferBytes());
        } catch (MalformedFrameException e) {
            if (!e.headerRead() || e.opcode() == OpCode.AUTH || e.opcode() == OpCode.SASL) {
                LOG.warn("closing session 0x{} connection from {}: undecodable request: {}",
                        Long.toHexString(connection.sessionId), connection.remoteHost, e.getMessage());
                close(connection);
                return;
            }
            LOG.info("session 0x{}: undecodable {} request (xid {}): {}", Long.toHexString(connection.sessionId),
                    OpCode.name(e.opcode()), e.xid(), e.getMessage());
            decoded = new ClientCodec.Decoded(e.xid(), e.opcode(), new Request.Malformed(e.opcode()));
        }
        long nowMs = System.currentTimeMillis();
        if (!tracker.touch(connection.sessionId, nowMs)) {
            return; // the session is closing or gone: ZooKeeper drops such requests without a reply
        }
        Request request = decoded.request();
        connection.lastCxid = decoded.xid();
        connection.lastOp = OpCode.name(decoded.opcode());
        if (request instanceof Request.Auth auth) {
            authenticate(connection, auth);
            return;
        }
        Connection.Pending pending = new Connection.Pending(decoded.xid(), request, System.nanoTime());
        connection.pipeline.add(pending);
        outstanding++;
        if (request.isWrite()) {
            if (request instanceof Request.CloseSession) {
                tracker.markClosing(connection.sessionId);
            }
            bus.send(Bus.REPLICATION_WRITE, new Msg.Write(connection.sessionId, decoded.xid(), request,
                    connection.authInfo.ids()));
        }
        backpressure.check(connection, outstanding);
        drain(connection);
    }

    private void authenticate(Connection connection, Request.Auth auth) {
        List<Id> added = Authenticator.authenticate(auth, connection.remoteHost, config.superDigest());
        if (added == null) {
            LOG.warn("authentication with scheme '{}' failed for {}; closing the connection", auth.scheme(),
                    connection.remoteHost);
            stats.authFailed++;
            executor.authReply(connection, ErrorCode.AUTHFAILED);
            connection.closeAfterFlush = true;
        } else {
            AuthInfo ids = connection.authInfo;
            for (Id id : added) {
                ids = ids.with(id); // an id already held is kept once, as in ZooKeeper's set
            }
            connection.authInfo = ids;
            executor.authReply(connection, ErrorCode.OK);
        }
        markDirty(connection);
    }

    /** Answers every request at the head of the pipeline that can be answered now. */
    private void drain(Connection connection) {
        boolean wrote = false;
        while (!connection.pipeline.isEmpty() && connection.state != Connection.State.CLOSED) {
            Connection.Pending head = connection.pipeline.peek();
            if (head.write && !head.resolved) {
                break;
            }
            connection.pipeline.poll();
            outstanding--;
            if (head.write) {
                executor.writeReply(connection, head);
            } else {
                executor.read(connection, head, tree);
            }
            connection.recordLatency(System.nanoTime(), head.receivedNanos, System.currentTimeMillis());
            stats.recordLatency(connection.lastLatencyMs);
            wrote = true;
        }
        if (wrote) {
            markDirty(connection);
        }
        backpressure.check(connection, outstanding);
    }

    // ---- applied txns -------------------------------------------------------------------------

    private void onApplied(Msg.AppliedBatch batch) {
        List<Connection> touched = new ArrayList<>();
        previousTree = tree;
        tree = batch.tree();
        for (Applied applied : batch.applied()) {
            currentZxid = applied.entry().zxid();
            for (WatchEvent event : applied.events()) {
                watches.trigger(event, this::notify);
            }
            Connection connection = resolve(applied);
            if (connection != null) {
                touched.add(connection);
            }
        }
        previousTree = null;
        stats.lastZxid = tree.lastZxid();
        for (Connection connection : touched) {
            drain(connection);
        }
        flushDirty();
    }

    /** The zxid of the txn whose watch events are being delivered. */
    private long currentZxid;
    /** The tree before the batch being delivered: the ACL of a node the batch deleted. */
    private DataTree previousTree;

    /**
     * Delivers one watch event, unless the watcher may not read the node (ZooKeeper drops
     * those): the node's ACL in the new tree, or for a node the batch deleted, its last ACL.
     */
    private void notify(long watcher, WatchEvent event) {
        Connection connection = bySession.get(watcher);
        if (connection == null || connection.state != Connection.State.OPEN) {
            return;
        }
        Znode node = tree.node(event.path());
        if (node == null && previousTree != null) {
            node = previousTree.node(event.path());
        }
        if (node != null && !Acls.permits(node.acl(), connection.authInfo.ids(), Perms.READ)) {
            return;
        }
        executor.notification(connection, currentZxid, event);
        markDirty(connection);
    }

    /** Matches an applied txn with the request that asked for it; returns the connection to drain. */
    private Connection resolve(Applied applied) {
        TxnEntry entry = applied.entry();
        if (entry.sessionId() == 0) {
            return null;
        }
        Connection connection = bySession.get(entry.sessionId());
        if (entry.txn() instanceof io.paddock.model.Txn.CreateSession created) {
            tracker.add(created.sessionId(), created.timeoutMs(), System.currentTimeMillis());
            if (connection != null && connection.state == Connection.State.CONNECTING) {
                open(connection, created.sessionId(), created.timeoutMs(), created.passwd());
                return connection;
            }
            return null;
        }
        if (entry.txn() instanceof io.paddock.model.Txn.CloseSession) {
            tracker.remove(entry.sessionId());
            bySession.remove(entry.sessionId());
            if (connection != null) {
                connection.closeAfterFlush = true;
                markDirty(connection);
            }
        }
        if (connection == null) {
            return null;
        }
        for (Connection.Pending pending : connection.pipeline) {
            if (pending.write && !pending.resolved) {
                if (pending.xid != entry.cxid()) {
                    return connection; // a txn this connection did not ask for (expiry): nothing to answer
                }
                pending.resolved = true;
                pending.err = applied.err();
                pending.zxid = entry.zxid();
                pending.response = applied.response();
                return connection;
            }
        }
        return connection;
    }

    private void onRejected(Msg.Rejected rejected) {
        Connection connection = bySession.get(rejected.sessionId());
        if (connection == null) {
            if (rejected.cxid() == 0 && tracker.isClosing(rejected.sessionId())) {
                // The expiry's closeSession was not written (no disk space): expire it again later.
                int timeoutMs = tracker.timeoutOf(rejected.sessionId());
                tracker.remove(rejected.sessionId());
                tracker.add(rejected.sessionId(), timeoutMs, System.currentTimeMillis());
            }
            return;
        }
        if (connection.state == Connection.State.CONNECTING) {
            close(connection);
            return;
        }
        for (Connection.Pending pending : connection.pipeline) {
            if (pending.write && !pending.resolved && pending.xid == rejected.cxid()) {
                pending.resolved = true;
                pending.err = rejected.err();
                pending.zxid = tree.lastZxid();
                break;
            }
        }
        drain(connection);
        flushDirty();
    }

    // ---- timers -------------------------------------------------------------------------------

    private void expireSessions() {
        for (long sessionId : tracker.expired(System.currentTimeMillis())) {
            LOG.info("expiring session 0x{}, timeout of {} ms exceeded", Long.toHexString(sessionId),
                    tracker.timeoutOf(sessionId));
            Connection connection = bySession.get(sessionId);
            if (connection != null) {
                close(connection);
            }
            bus.send(Bus.REPLICATION_WRITE, new Msg.Write(sessionId, 0, new Request.CloseSession(), List.of()));
        }
        flushDirty();
    }

    private void reap() {
        int max = Math.max(1, config.containerMaxPerMinute());
        for (String path : tree.reapable(System.currentTimeMillis(), max)) {
            bus.send(Bus.REPLICATION_WRITE, new Msg.Write(0, 0, new Request.DeleteContainer(path), List.of()));
        }
    }

    /**
     * Measures how late a 10 ms timer fires: the event loop's stall, reported by {@code mntr}
     * as zk_event_loop_lag_max_ms (since start or the last {@code srst}).
     */
    private void probeEventLoop() {
        long[] due = {System.nanoTime() + 10_000_000L};
        vertx.setPeriodic(10, id -> {
            long now = System.nanoTime();
            stats.recordEventLoopLag(Math.max(0, (now - due[0]) / 1_000_000L));
            due[0] = now + 10_000_000L;
        });
    }

    // ---- connection lifecycle ------------------------------------------------------------------

    private void markDirty(Connection connection) {
        if (!connection.dirty) {
            connection.dirty = true;
            dirty.add(connection);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            Connection connection = dirty.get(i);
            connection.flush();
        }
        dirty.clear();
    }

    /** Closes a connection and forgets it at once (the socket's close event then finds nothing to do). */
    private void close(Connection connection) {
        if (connection.state != Connection.State.CLOSED) {
            connection.flush();
            connection.state = Connection.State.CLOSED;
            connection.socket.close();
        }
        closed(connection);
    }

    private void closed(Connection connection) {
        connection.state = Connection.State.CLOSED;
        if (connections.remove(connection.id) == null) {
            return;
        }
        perHost.merge(connection.remoteHost, -1, Integer::sum);
        backpressure.forget(connection);
        outstanding -= connection.pipeline.size();
        connection.pipeline.clear();
        if (connection.sessionId != 0 && bySession.get(connection.sessionId) == connection) {
            bySession.remove(connection.sessionId);
        }
        if (connection.sessionId != 0 && !bySession.containsKey(connection.sessionId)) {
            // Watches belong to the connection; a reconnecting client registers them again.
            watches.removeWatcher(connection.sessionId);
        }
    }

    // ---- four-letter words ------------------------------------------------------------------

    private FourLetterWordOutput.View fourLetterView() {
        return new FourLetterWordOutput.View(tree, stats, new ArrayList<>(connections.values()), watches, tracker,
                outstanding);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
