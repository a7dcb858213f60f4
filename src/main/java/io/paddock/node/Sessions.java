package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.Applied;
import io.paddock.model.ConnectRequest;
import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import io.paddock.model.Zxid;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.session.SessionIdSet;
import io.paddock.session.SessionIds;
import io.paddock.session.WatchHistory;
import io.paddock.session.WatchManager;
import io.paddock.tree.Acls;
import io.paddock.tree.DataTree;
import io.paddock.tree.SessionInfo;
import io.paddock.tree.Znode;
import io.paddock.wire.json.CloseReason;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session layer, one for every client protocol: the handshake (new session or reattach with
 * id and password), each session's requests kept in order (reads wait behind the session's
 * earlier writes and syncs), writes and syncs sent to the replica, reads answered from the
 * applied tree, watches fired when txns are applied (and their events kept in a
 * {@link WatchHistory} for resumable watches), auth ids, backpressure, the leaderless hold, and
 * closing every connection when a snapshot replaces the tree. The protocols differ only in their
 * {@link Connection} subclass: how requests arrive and how answers are encoded.
 *
 * <p>Runs on the node's single event loop; every field is confined to it. The client verticle
 * feeds it replica events (applied batches, rejections, syncs, status, ticks) and TCP frames;
 * the {@link WebSocketEndpoint} feeds it WebSocket messages.
 *
 * <p>Invariants: a session is bound to at most one open connection ({@link #bySession});
 * a connection's replies leave in request order; watch events of a txn are written before
 * the reply to that txn; nothing is answered while {@code serving} is false; the history's last
 * zxid is the tree's after every applied batch.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final byte[] NO_PASSWORD = new byte[16];

    private final NodeConfig config;
    private final ServerStats stats;
    private final ClusterSettings cluster;
    private final SessionIds sessionIds;
    /** Sessions with traffic since the last report to the replica. */
    private final SessionIdSet touched = new SessionIdSet();
    /** Sessions whose client sent closeSession: their later requests are dropped, as ZooKeeper does. */
    private final Set<Long> closing = new HashSet<>();
    private final Revalidation revalidation = new Revalidation();
    /** This node leads: its tree holds every committed session, so an unknown one is expired. */
    private boolean leading;
    private boolean serving;
    private boolean everServed;
    private final LeaderlessHold hold;
    private final WatchManager watches = new WatchManager();
    private final WatchHistory history;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Long, Connection> bySession = new HashMap<>();
    private final Map<String, Integer> perHost = new HashMap<>();
    private final List<Connection> dirty = new ArrayList<>();
    private final Backpressure backpressure;
    private final RequestExecutor executor;
    private final HistoryRebuilds rebuilds; // resumes older than the memory history wait for the disk here
    private DataTree tree;
    private EventBus bus;
    private long nextConnectionId = 1;
    private int outstanding;
    private long currentZxid; // the zxid of the txn whose watch events are being delivered
    /** The tree before the batch being delivered: the ACL of a node the batch deleted. */
    private DataTree previousTree;

    Sessions(NodeConfig config, ClusterSettings cluster, DataTree recovered, ServerStats stats) {
        this.config = config;
        this.cluster = cluster;
        this.tree = recovered;
        this.stats = stats;
        this.sessionIds = new SessionIds(config.serverId(), System.currentTimeMillis());
        this.hold = new LeaderlessHold(cluster.leaderlessHoldMs());
        for (SessionInfo session : recovered.sessions()) {
            sessionIds.advancePast(session.sessionId());
        }
        this.history = new WatchHistory(config.watchHistoryTxns(), recovered.lastZxid());
        this.executor = new RequestExecutor(watches, history, stats);
        this.rebuilds = new HistoryRebuilds(new LogHistory(Recovery.snapshotDir(config), Recovery.logDir(config))::rebuild,
                connection -> { drain(connection); flushDirty(); }, stats.metrics);
        this.backpressure = new Backpressure(config.outstandingRequestsMax(), config.globalOutstandingLimit());
    }

    /** {@code context} is the client verticle's: its workers read old watch history from disk. */
    void start(EventBus eventBus, Context context) {
        this.bus = eventBus;
        this.rebuilds.start(context);
    }

    long nextConnectionId() {
        return nextConnectionId++;
    }

    /** A random positive starting xid for a WebSocket connection (see {@link WebSocketConnection}). */
    int firstXid() {
        return 1 + random.nextInt(Integer.MAX_VALUE / 2);
    }

    DataTree tree() {
        return tree;
    }

    ServerStats stats() { return stats; }

    /** True once the node has served: before that, no client is taken (the TCP port is not even open). */
    boolean everServed() {
        return everServed;
    }

    // ---- replica status and ticks -----------------------------------------------------------

    /** The node's status changed; returns true when it has just started serving for the first time. */
    boolean status(Msg.Status update) {
        boolean wasServing = serving;
        serving = update.status().serving();
        leading = update.status().role() == io.paddock.consensus.Role.LEADING;
        stats.serving = serving;
        hold.serving(serving, System.currentTimeMillis());
        boolean first = false;
        if (serving && !wasServing) {
            tree = update.tree().lastZxid() >= tree.lastZxid() ? update.tree() : tree;
            if (history.lastZxid() != tree.lastZxid()) {
                history.reset(tree.lastZxid()); // the tree moved on without events this layer saw
            }
            first = !everServed;
            everServed = true;
            for (Connection connection : new ArrayList<>(connections.values())) {
                drain(connection);
            }
            flushDirty();
        }
        return first;
    }

    /** Every consensus tick: report touched sessions; drop connections held too long without a leader. */
    void tick() {
        if (!touched.isEmpty()) {
            bus.send(Bus.REPLICATION_TOUCHED, new Msg.Touched(touched.drain()));
        }
        if (!connections.isEmpty() && hold.expired(System.currentTimeMillis())) {
            LOG.info("no leader for {} ms: closing {} client connections so that clients move to another node",
                    cluster.leaderlessHoldMs(), connections.size());
            closeAll(CloseReason.NO_LEADER, "this node has had no leader for " + cluster.leaderlessHoldMs()
                    + " ms: resume the session on another member");
        }
    }

    // ---- admission and handshake ------------------------------------------------------------

    /**
     * Takes a new connection, unless the node has been without a leader too long or the client's
     * address has {@code maxClientCnxns} open already; a refused connection is closed (with a
     * notice where the protocol has one). Returns whether it was taken.
     */
    boolean admit(Connection connection) {
        if (hold.expired(System.currentTimeMillis())) {
            refuse(connection, CloseReason.NO_LEADER, "this node has no leader: try another member");
            return false;
        }
        int fromHost = perHost.merge(connection.remoteHost, 1, Integer::sum);
        if (config.maxClientCnxns() > 0 && fromHost > config.maxClientCnxns()) {
            LOG.warn("too many connections from {} - max is {}", connection.remoteHost, config.maxClientCnxns());
            perHost.merge(connection.remoteHost, -1, Integer::sum);
            refuse(connection, CloseReason.TOO_MANY_CONNECTIONS, "too many connections from " + connection.remoteHost
                    + " (maxClientCnxns " + config.maxClientCnxns() + ")");
            return false;
        }
        connections.put(connection.id, connection);
        stats.connectionsAccepted++;
        return true;
    }

    private static void refuse(Connection connection, CloseReason reason, String message) {
        connection.closing(reason, message);
        connection.closeAfterFlush = true;
        connection.flush();
    }

    /**
     * The handshake of a new connection: refused when the client has seen a newer zxid than this
     * node has applied; otherwise a new session (a createSession write) or a reattach.
     * {@code tag} is what the protocol needs to answer it.
     */
    void connect(Connection connection, ConnectRequest connect, Object tag) {
        if (connect.lastZxidSeen() > tree.lastZxid()) {
            LOG.info("refusing session 0x{} from {}: client has seen zxid 0x{}, this node only 0x{}",
                    Long.toHexString(connect.sessionId()), connection.remoteHost,
                    Long.toHexString(connect.lastZxidSeen()), Long.toHexString(tree.lastZxid()));
            close(connection, CloseReason.ZXID_AHEAD, "the client has seen zxid " + Zxid.hex(connect.lastZxidSeen())
                    + " and this node has applied only " + Zxid.hex(tree.lastZxid()) + ": try another member");
            return;
        }
        int timeoutMs = Math.max(config.minSessionTimeoutMs(), Math.min(config.maxSessionTimeoutMs(), connect.timeoutMs()));
        if (connect.sessionId() == 0) {
            createSession(connection, timeoutMs, tag);
        } else {
            reattach(connection, connect, timeoutMs, tag);
        }
    }

    private void createSession(Connection connection, int timeoutMs, Object tag) {
        long sessionId = sessionIds.next();
        byte[] passwd = new byte[16];
        random.nextBytes(passwd);
        connection.state = Connection.State.CONNECTING;
        connection.sessionId = sessionId;
        connection.timeoutMs = timeoutMs;
        connection.passwd = passwd;
        bySession.put(sessionId, connection);
        connection.connectTag = tag;
        bus.send(Bus.REPLICATION_WRITE, new Msg.Write(sessionId, 0, new Request.CreateSession(timeoutMs, passwd),
                connection.authInfo.ids()));
    }

    /**
     * Reattaches to a live session. The password is checked before the session's current
     * connection is closed, so that knowing a session id alone cannot cut its client off.
     */
    private void reattach(Connection connection, ConnectRequest connect, int timeoutMs, Object tag) {
        long sessionId = connect.sessionId();
        SessionInfo session = tree.session(sessionId);
        if (session == null && !closing.contains(sessionId) && !leading && !connection.revalidated) {
            revalidate(connection, connect, timeoutMs, tag);
            return;
        }
        if (session == null || closing.contains(sessionId) || !Arrays.equals(session.passwd(), connect.passwd())) {
            LOG.info("session 0x{} from {} is {}", Long.toHexString(sessionId), connection.remoteHost,
                    session == null || closing.contains(sessionId) ? "expired" : "presented a wrong password");
            executor.connectResponse(connection, new ConnectResponse(0, 0, 0, NO_PASSWORD, false), tree.lastZxid(), tag);
            connection.closeAfterFlush = true;
            markDirty(connection);
            return;
        }
        Connection previous = bySession.get(sessionId);
        if (previous != null && previous != connection) {
            LOG.info("session 0x{} moved to a new connection from {}", Long.toHexString(sessionId), connection.remoteHost);
            bySession.remove(sessionId);
            close(previous, CloseReason.SESSIONMOVED, "session 0x" + Long.toHexString(sessionId)
                    + " was resumed on another connection");
        }
        touched.add(sessionId);
        open(connection, sessionId, timeoutMs, session.passwd(), tag);
    }

    /** A session this node does not know: look again once caught up with the leader ({@link Revalidation}). */
    private void revalidate(Connection connection, ConnectRequest connect, int timeoutMs, Object tag) {
        Connection previous = revalidation.start(connection, connect.sessionId(),
                () -> reattach(connection, connect, timeoutMs, tag));
        if (previous != null) {
            close(previous, CloseReason.SESSIONMOVED, "the session was resumed on another connection");
        }
        bus.send(Bus.REPLICATION_SYNC, new Msg.Sync(connect.sessionId(), Revalidation.CXID));
    }

    private void open(Connection connection, long sessionId, int timeoutMs, byte[] passwd, Object tag) {
        connection.state = Connection.State.OPEN;
        connection.sessionId = sessionId;
        connection.timeoutMs = timeoutMs;
        connection.passwd = passwd;
        bySession.put(sessionId, connection);
        executor.connectResponse(connection, new ConnectResponse(0, timeoutMs, sessionId, passwd, false),
                tree.lastZxid(), tag);
        markDirty(connection);
        connection.opened();
    }

    // ---- requests ---------------------------------------------------------------------------

    /**
     * One decoded request of an open session, whatever its protocol: {@code xid} matches its
     * reply (and its txn's cxid), {@code tag} is what the protocol needs beyond it.
     */
    void request(Connection connection, int xid, int opcode, Request request, Object tag) {
        if (connection.closeRequested) {
            return; // the session is closing: ZooKeeper drops such requests without a reply
        }
        touched.add(connection.sessionId);
        connection.lastCxid = xid;
        connection.lastOp = OpCode.name(opcode);
        if (request instanceof Request.Auth auth) {
            authenticate(connection, auth, tag);
            return;
        }
        Connection.Pending pending = new Connection.Pending(xid, request, System.nanoTime(), tag);
        connection.pipeline.add(pending);
        outstanding++;
        if (request.isWrite()) {
            if (request instanceof Request.CloseSession) {
                closing.add(connection.sessionId);
                connection.closeRequested = true;
            }
            bus.send(Bus.REPLICATION_WRITE, new Msg.Write(connection.sessionId, xid, request,
                    connection.authInfo.ids()));
        } else if (request instanceof Request.Sync) {
            bus.send(Bus.REPLICATION_SYNC, new Msg.Sync(connection.sessionId, xid));
        }
        backpressure.check(connection, outstanding);
        drain(connection);
    }

    private void authenticate(Connection connection, Request.Auth auth, Object tag) {
        List<Id> added = Authenticator.authenticate(auth, connection.remoteHost, config.superDigest());
        if (added == null) {
            LOG.warn("authentication with scheme '{}' failed for {}; closing the connection", auth.scheme(),
                    connection.remoteHost);
            stats.authFailed++;
            executor.authReply(connection, ErrorCode.AUTHFAILED, tag, tree.lastZxid());
            connection.closing(CloseReason.AUTHFAILED, "authentication with scheme '" + auth.scheme()
                    + "' failed; ZooKeeper closes the connection then, the session lives on");
            connection.closeAfterFlush = true;
        } else {
            connection.authInfo = connection.authInfo.withAll(added);
            executor.authReply(connection, ErrorCode.OK, tag, tree.lastZxid());
        }
        markDirty(connection);
    }

    /** Answers every request at the head of the pipeline that can be answered now. */
    private void drain(Connection connection) {
        boolean wrote = false;
        while (serving && !connection.pipeline.isEmpty() && connection.state != Connection.State.CLOSED) {
            Connection.Pending head = connection.pipeline.peek();
            if (head.awaitsReplica && !head.resolved || rebuilds.holds(connection, head, history, tree.lastZxid())) {
                break; // a write or sync waits for the replica, an old resume for the disk
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

    void applied(Msg.AppliedBatch batch) {
        if (batch.replaced()) {
            // A snapshot from the leader replaced the tree: watches cannot be fired for what it skipped,
            // so clients reconnect and re-register them (setWatches fires what they missed).
            tree = batch.tree();
            LOG.info("tree replaced by the leader's snapshot at 0x{}: closing {} client connections",
                    Long.toHexString(tree.lastZxid()), connections.size());
            closeAll(CloseReason.TREE_REPLACED, "a snapshot from the leader replaced this node's tree: "
                    + "resume the session, and watches from their zxid");
        }
        List<Connection> answered = new ArrayList<>();
        previousTree = tree;
        tree = batch.tree();
        for (Applied applied : batch.applied()) {
            currentZxid = applied.entry().zxid();
            if (!batch.replaced()) {
                history.record(currentZxid, applied.events(), tree, previousTree);
            }
            for (WatchEvent event : applied.events()) {
                watches.trigger(event, this::notify);
            }
            Connection connection = resolve(applied);
            if (connection != null) {
                answered.add(connection);
            }
        }
        previousTree = null;
        if (history.lastZxid() != tree.lastZxid()) {
            history.reset(tree.lastZxid()); // a replaced tree: the events it skipped were never seen here
        }
        stats.lastZxid = tree.lastZxid();
        for (Connection connection : answered) {
            drain(connection);
        }
        flushDirty();
    }

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
        if (entry.txn() instanceof Txn.CreateSession created) {
            if (connection != null && connection.state == Connection.State.CONNECTING) {
                Object tag = connection.connectTag;
                connection.connectTag = null;
                open(connection, created.sessionId(), created.timeoutMs(), created.passwd(), tag);
                return connection;
            }
            return null;
        }
        if (entry.txn() instanceof Txn.CloseSession) {
            sessionClosed(entry, connection);
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

    /** A closeSession applied: the session's connection closes, told why unless it asked for it. */
    private void sessionClosed(TxnEntry entry, Connection connection) {
        closing.remove(entry.sessionId());
        bySession.remove(entry.sessionId());
        if (connection == null) {
            return;
        }
        Connection.Pending head = firstUnresolvedWrite(connection);
        boolean asked = head != null && head.xid == entry.cxid() && head.request instanceof Request.CloseSession;
        if (!asked) {
            connection.closing(CloseReason.SESSIONEXPIRED, "session 0x" + Long.toHexString(entry.sessionId())
                    + " has expired: open a new session");
        }
        connection.closeAfterFlush = true;
        markDirty(connection);
    }

    private static Connection.Pending firstUnresolvedWrite(Connection connection) {
        for (Connection.Pending pending : connection.pipeline) {
            if (pending.write && !pending.resolved) {
                return pending;
            }
        }
        return null;
    }

    void rejected(Msg.Rejected rejected) {
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

    void syncDone(Msg.SyncDone done) {
        if (done.cxid() == Revalidation.CXID) {
            revalidation.done(done.sessionId());
            flushDirty();
            return;
        }
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

    void markDirty(Connection connection) {
        if (!connection.dirty) {
            connection.dirty = true;
            dirty.add(connection);
        }
    }

    void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    private void closeAll(CloseReason reason, String message) {
        for (Connection connection : new ArrayList<>(connections.values())) {
            close(connection, reason, message);
        }
    }

    /** Closes a connection, saying why where the protocol can. */
    void close(Connection connection, CloseReason reason, String message) {
        if (connection.state != Connection.State.CLOSED) {
            connection.closing(reason, message);
        }
        close(connection);
    }

    /** Closes a connection and forgets it at once (the socket's close event then finds nothing to do). */
    void close(Connection connection) {
        if (connection.state != Connection.State.CLOSED) {
            connection.flush();
            connection.state = Connection.State.CLOSED;
            connection.closeTransport();
        }
        closed(connection);
    }

    void closed(Connection connection) {
        connection.state = Connection.State.CLOSED;
        revalidation.forget(connection);
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

    FourLetterWordOutput.View view(FourLetterWordOutput.Cluster clusterView) {
        return new FourLetterWordOutput.View(tree, stats, new ArrayList<>(connections.values()), watches,
                outstanding, clusterView);
    }
}
