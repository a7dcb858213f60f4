package io.paddock.sim;

import io.paddock.model.Applied;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.replica.ReplicaReady;
import io.paddock.tree.DataTree;
import io.paddock.tree.Reads;
import io.paddock.tree.SessionInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated node's client layer, doing what the node's client verticle does with the same
 * replica outputs: sessions bound to connections, each session's requests answered in order
 * (reads wait behind the session's writes and syncs), reads from the applied tree, nothing
 * answered while the node does not serve, connections dropped after the leaderless hold, on a
 * crash, and when a snapshot replaced the tree; every tick the sessions with a connection are
 * reported alive.
 *
 * <p>Single-threaded; every entry point runs through {@link SimNode#input} (deferred while the
 * node is paused).
 */
final class SimSessions {
    private static final List<Id> AUTH = List.of(new Id("ip", "127.0.0.1"));

    /** One client connection to this node. */
    static final class Conn {
        final SimClient client;
        final int generation;
        long sessionId;
        boolean connecting;
        final ArrayDeque<Pending> pipeline = new ArrayDeque<>();

        Conn(SimClient client, int generation) {
            this.client = client;
            this.generation = generation;
        }
    }

    /** One request in a connection's pipeline. */
    static final class Pending {
        final int cxid;
        final Request request;
        final SimClient.Reply reply;
        final boolean awaits;
        boolean resolved;
        int err;
        Response response;
        long zxid;

        Pending(int cxid, Request request, SimClient.Reply reply) {
            this.cxid = cxid;
            this.request = request;
            this.reply = reply;
            this.awaits = request.isWrite() || request instanceof Request.Sync;
        }
    }

    private final SimNode node;
    private final SimCluster cluster;
    private final Map<Long, Conn> bySession = new HashMap<>();
    private long notServingSinceMs = 0;

    SimSessions(SimNode node, SimCluster cluster) {
        this.node = node;
        this.cluster = cluster;
    }

    // ---- from clients --------------------------------------------------------------------------

    /** A connection attempt; the client hears back through {@link SimClient#connected} or a refusal. */
    void connect(SimClient client, int generation, long sessionId, byte[] passwd, long lastZxidSeen, int timeoutMs) {
        if (node.state != SimNode.State.UP || holdExpired()) {
            cluster.toClient(client.id(), () -> client.refused(generation, "node " + node.id + " is not taking connections"));
            return;
        }
        DataTree tree = node.replica.tree();
        if (lastZxidSeen > tree.lastZxid()) {
            cluster.toClient(client.id(), () -> client.refused(generation, "node " + node.id + " is behind the client"));
            return;
        }
        Conn conn = new Conn(client, generation);
        if (sessionId == 0) {
            long id = cluster.newSessionId(node.id);
            conn.sessionId = id;
            conn.connecting = true;
            replaceConnection(id, conn);
            node.replica.submit(id, 0, new Request.CreateSession(timeoutMs, passwd), AUTH);
            return;
        }
        SessionInfo session = tree.session(sessionId);
        if (session == null || !Arrays.equals(session.passwd(), passwd)) {
            cluster.toClient(client.id(), () -> client.expired(generation));
            return;
        }
        conn.sessionId = sessionId;
        replaceConnection(sessionId, conn);
        cluster.toClient(client.id(), () -> client.connected(generation, sessionId));
    }

    void request(SimClient client, int generation, long sessionId, int cxid, Request request, SimClient.Reply reply) {
        Conn conn = bySession.get(sessionId);
        if (conn == null || conn.client != client || conn.generation != generation || conn.connecting) {
            return; // the connection is gone: the client finds out by its own timeout or loss notice
        }
        Pending pending = new Pending(cxid, request, reply);
        conn.pipeline.add(pending);
        if (request.isWrite()) {
            node.replica.submit(sessionId, cxid, request, AUTH);
        } else if (request instanceof Request.Sync) {
            node.replica.sync(sessionId, cxid);
        }
        drain(conn);
    }

    /** The client gave up on this connection (its own timeout). */
    void disconnect(long sessionId, int generation) {
        Conn conn = bySession.get(sessionId);
        if (conn != null && conn.generation == generation) {
            close(conn, null);
        }
    }

    // ---- from the node ---------------------------------------------------------------------------

    void tick() {
        if (!bySession.isEmpty()) {
            long[] ids = bySession.keySet().stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(ids); // a HashMap's order is not part of the seed
            node.replica.touch(ids);
        }
        if (holdExpired() && !bySession.isEmpty()) {
            lost("no leader for " + cluster.leaderlessHoldMs + " ms");
        }
    }

    void applied(List<Applied> applied, List<ReplicaReady.Rejected> rejected, List<ReplicaReady.SyncDone> syncs,
                 ReplicaReady.Status status) {
        if (status != null) {
            notServingSinceMs = status.serving() ? -1 : (notServingSinceMs < 0 ? cluster.events.nowMs() : notServingSinceMs);
        }
        List<Conn> touched = new ArrayList<>();
        for (Applied one : applied) {
            Conn conn = resolveApplied(one);
            if (conn != null) {
                touched.add(conn);
            }
        }
        for (ReplicaReady.Rejected reject : rejected) {
            Conn conn = bySession.get(reject.sessionId());
            if (conn != null) {
                resolve(conn, reject.cxid(), reject.err(), null, node.replica.tree().lastZxid(), false);
                touched.add(conn);
            }
        }
        for (ReplicaReady.SyncDone done : syncs) {
            Conn conn = bySession.get(done.sessionId());
            if (conn != null) {
                resolve(conn, done.cxid(), ErrorCode.OK, null, done.zxid(), true);
                touched.add(conn);
            }
        }
        if (status != null && status.serving()) {
            touched.addAll(bySession.values());
        }
        for (Conn conn : touched) {
            drain(conn);
        }
    }

    /** Every connection is gone (crash, hold expired, tree replaced): clients see connection loss. */
    void lost(String reason) {
        for (Conn conn : new ArrayList<>(bySession.values())) {
            close(conn, reason);
        }
    }

    int connectionCount() {
        return bySession.size();
    }

    // ---- internals ------------------------------------------------------------------------------------

    private Conn resolveApplied(Applied applied) {
        TxnEntry entry = applied.entry();
        Conn conn = bySession.get(entry.sessionId());
        if (conn == null || entry.sessionId() == 0) {
            return null;
        }
        if (entry.txn() instanceof Txn.CreateSession && conn.connecting) {
            conn.connecting = false;
            long id = conn.sessionId;
            SimClient client = conn.client;
            int generation = conn.generation;
            cluster.toClient(client.id(), () -> client.connected(generation, id));
            return null;
        }
        if (entry.txn() instanceof Txn.CloseSession) {
            // The session is over (closed by its client, or expired by the leader).
            resolve(conn, entry.cxid(), applied.err(), applied.response(), entry.zxid(), false);
            drain(conn);
            SimClient client = conn.client;
            int generation = conn.generation;
            bySession.remove(conn.sessionId);
            cluster.toClient(client.id(), () -> client.expired(generation));
            return null;
        }
        resolve(conn, entry.cxid(), applied.err(), applied.response(), entry.zxid(), false);
        return conn;
    }

    private void resolve(Conn conn, int cxid, int err, Response response, long zxid, boolean sync) {
        for (Pending pending : conn.pipeline) {
            boolean kind = sync ? pending.request instanceof Request.Sync : pending.request.isWrite();
            if (pending.awaits && kind && !pending.resolved && pending.cxid == cxid) {
                pending.resolved = true;
                pending.err = err;
                pending.response = response;
                pending.zxid = zxid;
                return;
            }
        }
    }

    private void drain(Conn conn) {
        if (!node.serving() || bySession.get(conn.sessionId) != conn) {
            return;
        }
        while (!conn.pipeline.isEmpty()) {
            Pending head = conn.pipeline.peek();
            if (head.awaits && !head.resolved) {
                return;
            }
            conn.pipeline.poll();
            DataTree tree = node.replica.tree();
            if (!head.awaits) {
                Reads.Reply read = Reads.read(tree, conn.sessionId, AUTH, head.request);
                head.err = read.err();
                head.response = read.response();
                head.zxid = tree.lastZxid();
            } else if (head.request instanceof Request.Sync) {
                head.zxid = tree.lastZxid();
            }
            SimClient.Reply reply = head.reply;
            int err = head.err;
            Response response = head.response;
            long zxid = head.zxid;
            int generation = conn.generation;
            SimClient client = conn.client;
            cluster.toClient(client.id(), () -> client.reply(generation, reply, err, response, zxid));
        }
    }

    private void replaceConnection(long sessionId, Conn conn) {
        Conn previous = bySession.put(sessionId, conn);
        if (previous != null) {
            SimClient client = previous.client;
            int generation = previous.generation;
            cluster.toClient(client.id(), () -> client.lost(generation, "session moved to a new connection"));
        }
    }

    private void close(Conn conn, String reason) {
        if (bySession.get(conn.sessionId) == conn) {
            bySession.remove(conn.sessionId);
            if (node.replica != null) {
                node.replica.sessionGone(conn.sessionId);
            }
        }
        if (reason != null) {
            SimClient client = conn.client;
            int generation = conn.generation;
            cluster.toClient(client.id(), () -> client.lost(generation, reason));
        }
    }

    private boolean holdExpired() {
        return notServingSinceMs >= 0 && !node.serving()
                && cluster.events.nowMs() - notServingSinceMs >= cluster.leaderlessHoldMs;
    }
}
