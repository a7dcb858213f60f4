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
import io.paddock.session.SessionIdSet;
import io.paddock.session.SessionIds;
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
 * writes and syncs), sends writes and syncs to the replica, answers reads from the applied tree,
 * fires watches when txns are applied, and reports which sessions have traffic (the serving
 * leader expires the others). While the node does not serve (no leader) nothing is answered;
 * after {@code leaderlessHoldMs} of that, connections are closed so clients move on.
 *
 * <p>Runs on the node's single event loop; every field is confined to it.
 *
 * <p>Invariants: a session is bound to at most one open connection ({@link #bySession});
 * a connection's replies leave in request order; watch events of a txn are written before
 * the reply to that txn; nothing is answered while {@code serving} is false.
 */
public final class ClientVerticle extends VerticleBase implements Connection.FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClientVerticle.class);
    private static final byte[] NO_PASSWORD = new byte[16];

    private final NodeConfig config;
    private final ServerStats stats;
    private final ClusterSettings cluster;
    private final SessionIds sessionIds;
    /** Sessions with traffic since the last report to the replica. */
    private final SessionIdSet touched = new SessionIdSet();
    /** Sessions whose client sent closeSession: their later requests are dropped, as ZooKeeper does. */
    private final java.util.Set<Long> closing = new java.util.HashSet<>();
    private boolean serving;
    private final LeaderlessHold hold;
    private java.util.function.Supplier<FourLetterWordOutput.Cluster> clusterView = () -> null;
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

    public ClientVerticle(NodeConfig config, ClusterSettings cluster, DataTree recovered, ServerStats stats) {
        this.config = config;
        this.cluster = cluster;
        this.tree = recovered;
        this.stats = stats;
        this.sessionIds = new SessionIds(config.serverId(), System.currentTimeMillis());
        this.hold = new LeaderlessHold(cluster.leaderlessHoldMs());
        for (SessionInfo session : recovered.sessions()) {
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
        bus.<Msg.SyncDone>localConsumer(Bus.CLIENT_SYNC_DONE, m -> onSyncDone(m.body()));
        bus.<Msg.Status>localConsumer(Bus.STATUS, m -> onStatus(m.body()));
        vertx.setPeriodic(cluster.heartbeatMs(), id -> everyTick());
        ServerStats.probeEventLoop(vertx, stats);
        NetServerOptions options = new NetServerOptions()
                .setHost(config.clientAddress())
                .setPort(config.clientPort())
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        server = vertx.createNetServer(options).connectHandler(this::accept);
        return Future.succeededFuture();
    }

    /** Supplies the ensemble figures for the four-letter words. */
    void clusterView(java.util.function.Supplier<FourLetterWordOutput.Cluster> view) {
        this.clusterView = view;
    }

    /** The client port opens the first time the node serves; later, not serving holds requests ({@link #hold}). */
    private void onStatus(Msg.Status update) {
        boolean wasServing = serving;
        serving = update.status().serving();
        stats.serving = serving;
        hold.serving(serving, System.currentTimeMillis());
        if (serving && !wasServing) {
            tree = update.tree().lastZxid() >= tree.lastZxid() ? update.tree() : tree;
            if (!listenStarted) {
                listenStarted = true;
                server.listen().onComplete(bound -> {
                    if (bound.succeeded()) {
                        listening.complete(bound.result().actualPort());
                    } else {
                        listening.fail(bound.cause());
                    }
                });
            }
            for (Connection connection : new ArrayList<>(connections.values())) {
                drain(connection);
            }
            flushDirty();
        }
    }

    /** Every consensus tick: report touched sessions; drop connections held too long without a leader. */
    private void everyTick() {
        if (!touched.isEmpty()) {
            bus.send(Bus.REPLICATION_TOUCHED, new Msg.Touched(touched.drain()));
        }
        if (!connections.isEmpty() && hold.expired(System.currentTimeMillis())) {
            LOG.info("no leader for {} ms: closing {} client connections so that clients move to another node",
                    cluster.leaderlessHoldMs(), connections.size());
            for (Connection connection : new ArrayList<>(connections.values())) {
                close(connection);
            }
        }
    }



    private final io.vertx.core.Promise<Integer> listening = io.vertx.core.Promise.promise();
    private boolean listenStarted;

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
        if (hold.expired(System.currentTimeMillis())) {
            socket.close(); // no leader for a while: the client should try another node
            return;
        }
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
        FourLetterWordOutput.answer(vertx, config, connection.socket, command, fourLetterView());
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
            case CONNECTING -> connection.early.add(Connection.copyOf(frame));
            case OPEN -> request(connection, frame);
            case CLOSED -> { }
        }
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
        if (session == null || closing.contains(sessionId) || !Arrays.equals(session.passwd(), connect.passwd())) {
            LOG.info("session 0x{} from {} is {}", Long.toHexString(sessionId), connection.remoteHost,
                    session == null || closing.contains(sessionId) ? "expired" : "presented a wrong password");
            executor.connectResponse(connection, new ConnectResponse(0, 0, 0, NO_PASSWORD, false));
            connection.closeAfterFlush = true;
            markDirty(connection);
            return;
        }
        touched.add(sessionId);
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
        if (connection.closing) {
            return; // the session is closing: ZooKeeper drops such requests without a reply
        }
        touched.add(connection.sessionId);
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
                closing.add(connection.sessionId);
                connection.closing = true;
            }
            bus.send(Bus.REPLICATION_WRITE, new Msg.Write(connection.sessionId, decoded.xid(), request,
                    connection.authInfo.ids()));
        } else if (request instanceof Request.Sync) {
            bus.send(Bus.REPLICATION_SYNC, new Msg.Sync(connection.sessionId, decoded.xid()));
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
        while (serving && !connection.pipeline.isEmpty() && connection.state != Connection.State.CLOSED) {
            Connection.Pending head = connection.pipeline.peek();
            if (head.awaitsReplica && !head.resolved) {
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
            stats.metrics.requestCompleted(head.request.opcode(), System.nanoTime() - head.receivedNanos);
            wrote = true;
        }
        if (wrote) {
            markDirty(connection);
        }
        backpressure.check(connection, outstanding);
    }

    // ---- applied txns -------------------------------------------------------------------------

    private void onApplied(Msg.AppliedBatch batch) {
        if (batch.replaced()) {
            // A snapshot from the leader replaced the tree: watches cannot be fired for what it skipped,
            // so clients reconnect and re-register them (setWatches fires what they missed).
            tree = batch.tree();
            LOG.info("tree replaced by the leader's snapshot at 0x{}: closing {} client connections",
                    Long.toHexString(tree.lastZxid()), connections.size());
            for (Connection connection : new ArrayList<>(connections.values())) {
                close(connection);
            }
        }
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
            if (connection != null && connection.state == Connection.State.CONNECTING) {
                open(connection, created.sessionId(), created.timeoutMs(), created.passwd());
                return connection;
            }
            return null;
        }
        if (entry.txn() instanceof io.paddock.model.Txn.CloseSession) {
            closing.remove(entry.sessionId());
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

    private void onSyncDone(Msg.SyncDone done) {
        Connection connection = bySession.get(done.sessionId());
        if (connection == null) {
            return;
        }
        for (Connection.Pending pending : connection.pipeline) {
            if (pending.request instanceof Request.Sync && !pending.resolved && pending.xid == done.cxid()) {
                pending.resolved = true;
                break;
            }
        }
        drain(connection);
        flushDirty();
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
            bus.send(Bus.REPLICATION_SESSION_GONE, new Msg.SessionGone(connection.sessionId));
        }
    }

    // ---- four-letter words ------------------------------------------------------------------

    FourLetterWordOutput.View fourLetterView() {
        return new FourLetterWordOutput.View(tree, stats, new ArrayList<>(connections.values()), watches,
                outstanding, clusterView.get());
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
