package io.paddock.sim;

import io.paddock.model.Acl;
import io.paddock.model.ErrorCode;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated ZooKeeper client: one session at a time, connected to one node, pipelining a few
 * operations on a small set of keys (creates, versioned sets and deletes, compare-and-set
 * multis, plain reads, sync + read, ephemerals, session closes), moving to another node when
 * its connection is lost or a reply takes too long, and starting a new session when the old
 * one expired. Every operation goes into the history with what the client saw.
 *
 * <p>Single-threaded, inside the simulator's event loop.
 */
final class SimClient {
    /** What a pending operation does with its reply. */
    interface Reply {
        void done(int err, Response response, long zxid);
    }

    private final int id;
    private final SimCluster cluster;
    private final SplittableRandom random;
    private final int inflightMax;
    private final int timeoutMs;
    /** Bumped on every new connection, so that replies and notices of an old one are ignored. */
    private int generation;
    private int node = -1;
    private long sessionId;
    private byte[] passwd = new byte[16];
    private boolean connected;
    private boolean connecting;
    private long lastZxidSeen;
    private long lastReadZxid;
    private long lastWriteZxid;
    private int nextCxid = 1;
    private int nextValue;
    private final List<SimOp> inflight = new ArrayList<>();
    private final List<Integer> inflightCxids = new ArrayList<>();
    private final int[] knownVersion;
    boolean stopped;

    SimClient(int id, SimCluster cluster, SplittableRandom random, int inflightMax, int timeoutMs) {
        this.id = id;
        this.cluster = cluster;
        this.random = random;
        this.inflightMax = inflightMax;
        this.timeoutMs = timeoutMs;
        this.knownVersion = new int[cluster.keys.length];
    }

    void start() {
        cluster.events.after(random.nextInt(100), this::connect);
    }

    // ---- connecting ---------------------------------------------------------------------------

    private void connect() {
        if (stopped || connected || connecting) {
            return;
        }
        int target = random.nextInt(cluster.nodeCount()) + 1;
        node = target == node && cluster.nodeCount() > 1 ? target % cluster.nodeCount() + 1 : target;
        connecting = true;
        generation++;
        int gen = generation;
        if (sessionId == 0) {
            random.nextBytes(passwd);
        }
        long session = sessionId;
        byte[] password = passwd.clone();
        long seen = lastZxidSeen;
        cluster.toNode(id, node, n -> n.sessions.connect(this, gen, session, password, seen, timeoutMs));
        cluster.events.after(timeoutMs, () -> {
            if (gen == generation && connecting) {
                lost(gen, "connect timed out");
            }
        });
    }

    void connected(int gen, long session) {
        if (gen != generation || !connecting) {
            return;
        }
        connecting = false;
        connected = true;
        sessionId = session;
        issueMore();
    }

    void refused(int gen, String why) {
        if (gen == generation) {
            connecting = false;
            cluster.events.after(20 + random.nextInt(100), this::connect);
        }
    }

    /** The session is gone (expired, or closed): a fresh one on the next connect. */
    void expired(int gen) {
        if (gen != generation) {
            return;
        }
        failInflight();
        connected = false;
        connecting = false;
        sessionId = 0;
        lastZxidSeen = 0;
        lastReadZxid = 0;
        lastWriteZxid = 0;
        cluster.events.after(10 + random.nextInt(50), this::connect);
    }

    /** The connection is gone: what was in flight may or may not have happened; reconnect elsewhere. */
    void lost(int gen, String why) {
        if (gen != generation) {
            return;
        }
        if (connected) {
            int gone = gen;
            int at = node;
            cluster.toNode(id, at, n -> n.sessions.disconnect(sessionId, gone));
        }
        failInflight();
        connected = false;
        connecting = false;
        generation++;
        cluster.events.after(10 + random.nextInt(100), this::connect);
    }

    private void failInflight() {
        for (SimOp op : inflight) {
            op.completeMs = Long.MAX_VALUE;
            op.outcome = op.isWrite() ? SimOp.Outcome.INDETERMINATE : SimOp.Outcome.PENDING;
        }
        inflight.clear();
        inflightCxids.clear();
    }

    // ---- operations ---------------------------------------------------------------------------

    /**
     * A sync + read is one operation in the history but two requests; nothing else is issued
     * while it is in flight, so the session's request order is the operations' invocation order
     * (which the plain-read rule relies on).
     */
    private void issueMore() {
        while (!stopped && connected && inflight.size() < inflightMax && !strictReadInFlight()) {
            issue();
        }
    }

    private boolean strictReadInFlight() {
        for (SimOp op : inflight) {
            if (op.kind == SimOp.Kind.STRICT_GET) {
                return true;
            }
        }
        return false;
    }

    private void issue() {
        int key = random.nextInt(cluster.keys.length);
        String path = cluster.keys[key];
        long now = cluster.events.nowMs();
        int choice = random.nextInt(100);
        SimOp op;
        Request request;
        if (choice < 12) {
            op = new SimOp(id, sessionId, SimOp.Kind.CREATE, path, value(), -2, now);
            request = new Request.Create(OpCode.CREATE, path, bytes(op.value), Acl.OPEN_ACL_UNSAFE, 0, -1);
        } else if (choice < 18) {
            int version = random.nextBoolean() ? -1 : knownVersion[key];
            op = new SimOp(id, sessionId, SimOp.Kind.DELETE, path, null, version, now);
            request = new Request.Delete(path, version);
        } else if (choice < 40) {
            int version = random.nextInt(3) == 0 ? -1 : knownVersion[key];
            op = new SimOp(id, sessionId, SimOp.Kind.SET, path, value(), version, now);
            request = new Request.SetData(path, bytes(op.value), version);
        } else if (choice < 50) {
            int version = knownVersion[key];
            op = new SimOp(id, sessionId, SimOp.Kind.CAS, path, value(), version, now);
            request = new Request.Multi(List.of(new Request.Check(path, version),
                    new Request.SetData(path, bytes(op.value), -1)));
        } else if (choice < 75) {
            op = new SimOp(id, sessionId, SimOp.Kind.GET, path, null, -2, now);
            request = new Request.GetData(path, false);
        } else if (choice < 92) {
            op = new SimOp(id, sessionId, SimOp.Kind.STRICT_GET, path, null, -2, now);
            request = new Request.Sync(path);
        } else if (choice < 98) {
            String ephemeral = "/e" + id + "-" + random.nextInt(3);
            op = new SimOp(id, sessionId, SimOp.Kind.CREATE_EPHEMERAL, ephemeral, value(), -2, now);
            request = new Request.Create(OpCode.CREATE, ephemeral, bytes(op.value), Acl.OPEN_ACL_UNSAFE, 1, -1);
        } else {
            op = new SimOp(id, sessionId, SimOp.Kind.CLOSE, "", null, -2, now);
            request = new Request.CloseSession();
        }
        send(op, request, key);
    }

    private void send(SimOp op, Request request, int key) {
        cluster.history.add(op);
        int cxid = nextCxid++;
        op.cxid = cxid;
        inflight.add(op);
        inflightCxids.add(cxid);
        int gen = generation;
        long session = sessionId;
        Reply reply = (err, response, zxid) -> replied(op, cxid, request, key, err, response, zxid);
        cluster.toNode(id, node, n -> n.sessions.request(this, gen, session, cxid, request, reply));
        cluster.events.after(timeoutMs * 2L / 3, () -> {
            if (gen == generation && inflight.contains(op)) {
                lost(gen, "reply to " + op.kind + " took too long");
            }
        });
    }

    void reply(int gen, Reply reply, int err, Response response, long zxid) {
        if (gen == generation && connected) {
            reply.done(err, response, zxid);
        }
    }

    private void replied(SimOp op, int cxid, Request request, int key, int err, Response response, long zxid) {
        int index = inflight.indexOf(op);
        if (index < 0) {
            return;
        }
        if (inflightCxids.isEmpty() || inflightCxids.get(0) != cxid) {
            cluster.checker.violation("client " + id + ": reply to xid " + cxid + " (" + op + ") overtook xid "
                    + (inflightCxids.isEmpty() ? "none" : inflightCxids.get(0)));
        }
        inflightCxids.remove(Integer.valueOf(cxid));
        checkMonotonic(request, zxid, op);
        lastZxidSeen = Math.max(lastZxidSeen, zxid);
        if (op.kind == SimOp.Kind.STRICT_GET && request instanceof Request.Sync) {
            // The sync is done: the read that follows it completes the operation.
            Request read = new Request.GetData(op.key, false);
            int readCxid = nextCxid++;
            inflightCxids.add(readCxid);
            int gen = generation;
            long session = sessionId;
            Reply then = (e, r, z) -> replied(op, readCxid, read, key, e, r, z);
            cluster.toNode(id, node, n -> n.sessions.request(this, gen, session, readCxid, read, then));
            return;
        }
        inflight.remove(index);
        complete(op, key, err, response, zxid);
        if (op.kind == SimOp.Kind.CLOSE && err == ErrorCode.OK) {
            return; // the session is closing: the expiry notice starts a new one
        }
        cluster.events.after(random.nextInt(30), this::issueMore);
    }

    /**
     * What a session sees never goes back: its writes get increasing zxids (FIFO), and a read
     * or sync is answered from a tree at least as new as every earlier reply of the session.
     * (A write's reply may carry a zxid below an earlier read's: the read saw a tree that already
     * held later txns; ZooKeeper behaves the same.)
     */
    private void checkMonotonic(Request request, long zxid, SimOp op) {
        if (request.isWrite()) {
            if (zxid <= lastWriteZxid) {
                cluster.checker.violation("client " + id + ": write zxid 0x" + Long.toHexString(zxid)
                        + " not after the session's previous write 0x" + Long.toHexString(lastWriteZxid) + " (" + op + ")");
            }
            lastWriteZxid = Math.max(lastWriteZxid, zxid);
        } else if (zxid < Math.max(lastReadZxid, lastWriteZxid)) {
            cluster.checker.violation("client " + id + ": read at zxid 0x" + Long.toHexString(zxid)
                    + " older than what the session saw (0x" + Long.toHexString(Math.max(lastReadZxid, lastWriteZxid))
                    + ") (" + op + ")");
        }
        if (!request.isWrite()) {
            lastReadZxid = Math.max(lastReadZxid, zxid);
        }
    }

    private void complete(SimOp op, int key, int err, Response response, long zxid) {
        op.completeMs = cluster.events.nowMs();
        op.zxid = zxid;
        if (response instanceof Response.MultiResult multi) {
            err = firstError(multi);
            if (err == ErrorCode.OK && multi.results().size() > 1
                    && multi.results().get(1).body() instanceof Response.StatOnly stat) {
                op.newVersion = stat.stat().version();
            }
        }
        op.outcome = err == ErrorCode.OK ? SimOp.Outcome.OK : SimOp.Outcome.ERROR;
        op.err = err;
        if (response instanceof Response.Data data && err == ErrorCode.OK) {
            op.readValue = new String(data.data(), StandardCharsets.UTF_8);
            op.readVersion = data.stat().version();
            knownVersion[key] = data.stat().version();
        } else if (response instanceof Response.StatOnly stat && err == ErrorCode.OK) {
            op.newVersion = stat.stat().version();
            knownVersion[key] = op.newVersion;
        } else if (op.newVersion >= 0) {
            knownVersion[key] = op.newVersion;
        } else if (op.kind == SimOp.Kind.CREATE && err == ErrorCode.OK) {
            knownVersion[key] = 0;
        }
        if (op.isWrite() && op.outcome != SimOp.Outcome.INDETERMINATE) {
            cluster.checker.acknowledged(op, sessionId, op.cxid, zxid);
        }
    }

    private static int firstError(Response.MultiResult multi) {
        for (Response.OpResult result : multi.results()) {
            if (result.err() != ErrorCode.OK && result.err() != ErrorCode.RUNTIMEINCONSISTENCY) {
                return result.err();
            }
        }
        return ErrorCode.OK;
    }

    private String value() {
        return "c" + id + "-" + nextValue++;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    int id() {
        return id;
    }

    boolean connected() {
        return connected;
    }
}
