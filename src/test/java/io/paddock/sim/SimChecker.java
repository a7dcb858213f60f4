package io.paddock.sim;

import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Role;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.replica.ReplicaReady;
import io.paddock.tree.DataTree;
import io.paddock.tree.SessionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants a simulated run must keep, checked as it goes (and at the end):
 * <ul>
 * <li>at most one leader per epoch;
 * <li>every node applies a prefix of one history (the same entry at every position), also
 *     after a restart or a snapshot install, which must land on a point of that history;
 * <li>the same applied zxid gives the same tree digest on every node;
 * <li>an acknowledgement of an append promises durability: the acknowledged entries are on the
 *     acknowledger's disk when it leaves;
 * <li>a restarted node's log continues its snapshot;
 * <li>no acknowledged write is lost: every write a client saw answered is in the history with
 *     its session and xid;
 * <li>ephemerals exist exactly while their session lives (at the end, on every node).
 * </ul>
 * Linearizability of the client history is checked separately ({@link SimLinearizability}).
 */
final class SimChecker {
    final List<String> violations = new ArrayList<>();
    private final Map<Long, Integer> leaders = new HashMap<>();
    private final List<TxnEntry> history = new ArrayList<>();
    private final Map<Long, Integer> positionOf = new HashMap<>();
    private final Map<Integer, Integer> next = new HashMap<>();
    private final Map<Long, Long> digests = new HashMap<>();
    private final List<SimOp> acknowledged = new ArrayList<>();
    private final Map<Long, Long> ackSession = new HashMap<>();
    private final List<String> trace;

    SimChecker(List<String> trace) {
        this.trace = trace;
    }

    void violation(String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }

    void status(int node, ReplicaReady.Status status) {
        trace.add("status: node " + node + " " + status.role() + " epoch " + status.epoch() + " leader " + status.leaderId()
                + (status.serving() ? " serving" : ""));
        if (status.role() == Role.LEADING) {
            Integer previous = leaders.putIfAbsent(status.epoch(), node);
            if (previous != null && previous != node) {
                violation("two leaders in epoch " + status.epoch() + ": nodes " + previous + " and " + node);
            }
        }
    }

    private static final long TRACE_SESSION = Long.decode(System.getProperty("sim.traceSession", "0"));

    void applied(int node, TxnEntry entry) {
        if (TRACE_SESSION != 0 && entry.sessionId() == TRACE_SESSION) {
            trace.add("apply on node " + node + ": " + describe(entry));
        }
        int position = next.getOrDefault(node, 0);
        if (position == history.size()) {
            history.add(entry);
            positionOf.put(entry.zxid(), position);
        } else if (!same(history.get(position), entry)) {
            violation("node " + node + " applied " + describe(entry) + " at position " + position + " where another"
                    + " node applied " + describe(history.get(position)));
        }
        next.put(node, position + 1);
    }

    void treeAt(int node, DataTree tree) {
        Long digest = digests.putIfAbsent(tree.lastZxid(), tree.digest());
        if (digest != null && digest != tree.digest()) {
            violation("node " + node + " has digest " + Long.toHexString(tree.digest()) + " at zxid "
                    + Zxid.hex(tree.lastZxid()) + ", another node had " + Long.toHexString(digest));
        }
    }

    /** A node now holds {@code tree} as its applied state (restart or snapshot install). */
    void restored(int node, DataTree tree) {
        long zxid = tree.lastZxid();
        trace.add("node " + node + " holds a tree at " + Zxid.hex(zxid) + " (restart or snapshot)"
                + (TRACE_SESSION != 0 && tree.session(TRACE_SESSION) != null ? " WITH the traced session" : ""));
        if (zxid == 0) {
            next.put(node, 0);
            return;
        }
        Integer position = positionOf.get(zxid);
        if (position == null) {
            violation("node " + node + " holds a tree at " + Zxid.hex(zxid) + ", which no node applied");
            next.put(node, history.size());
            return;
        }
        next.put(node, position + 1);
        treeAt(node, tree);
    }

    void nodeDown(int node) {
        trace.add("node " + node + " down");
    }

    void logContinues(int node, long snapshotZxid, long firstZxid) {
        boolean follows = firstZxid == snapshotZxid + 1
                || Zxid.counter(firstZxid) == 0 && Zxid.epoch(firstZxid) > Zxid.epoch(snapshotZxid);
        if (!follows) {
            violation("node " + node + " restarts with a log starting at " + Zxid.hex(firstZxid)
                    + " after its snapshot at " + Zxid.hex(snapshotZxid));
        }
    }

    /** An acknowledgement leaves {@code node}: what it acknowledges must be on that node's disk. */
    void sentAfterPersist(int node, PeerMessage message, SimNode sender) {
        checkDurableAck(message, sender);
    }

    void checkDurableAck(PeerMessage message, SimNode sender) {
        if (!(message instanceof PeerMessage.AppendReply reply) || !reply.ok()) {
            return;
        }
        long zxid = reply.lastZxid();
        boolean inSnapshot = !sender.durableSnapshots.isEmpty()
                && sender.durableSnapshots.get(sender.durableSnapshots.size() - 1).lastZxid() >= zxid;
        boolean inLog = false;
        for (int i = sender.durableLog.size() - 1; i >= 0 && !inLog; i--) {
            inLog = sender.durableLog.get(i).zxid() == zxid;
            if (sender.durableLog.get(i).zxid() < zxid) {
                break;
            }
        }
        if (!inSnapshot && !inLog && zxid != 0) {
            violation("node " + sender.id + " acknowledged " + Zxid.hex(zxid) + " to " + reply.to()
                    + " before it was on its disk (durable up to " + Zxid.hex(sender.durableLastZxid()) + ")");
        }
    }

    void acknowledged(SimOp op, long sessionId, int cxid, long zxid) {
        acknowledged.add(op);
        ackSession.put(zxid, sessionId);
    }

    /** The checks that need the whole run. */
    void finish(List<SimNode> nodes) {
        for (SimOp op : acknowledged) {
            Integer position = positionOf.get(op.zxid);
            TxnEntry entry = position == null ? null : history.get(position);
            if (entry == null || entry.sessionId() != op.session || entry.cxid() != op.cxid) {
                violation("acknowledged write lost: " + op + (entry == null ? "" : "; history has " + describe(entry)));
            }
        }
        for (SimNode node : nodes) {
            if (node.state == SimNode.State.DOWN) {
                continue;
            }
            DataTree tree = node.replica.tree();
            Set<Long> live = new HashSet<>();
            for (SessionInfo session : tree.sessions()) {
                live.add(session.sessionId());
            }
            tree.forEachNode((path, znode) -> {
                long owner = znode.ephemeralOwner();
                if (io.paddock.model.EphemeralOwner.isEphemeral(owner) && !live.contains(owner)) {
                    violation("node " + node.id + ": ephemeral " + path + " outlives its session 0x"
                            + Long.toHexString(owner));
                }
            });
        }
    }

    int historyLength() {
        return history.size();
    }

    long lastZxid() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).zxid();
    }

    private static boolean same(TxnEntry a, TxnEntry b) {
        return a.zxid() == b.zxid() && a.sessionId() == b.sessionId() && a.cxid() == b.cxid()
                && a.txn().getClass() == b.txn().getClass();
    }

    static String describe(TxnEntry entry) {
        return Zxid.hex(entry.zxid()) + " (session 0x" + Long.toHexString(entry.sessionId()) + " cxid " + entry.cxid()
                + " " + entry.txn().getClass().getSimpleName() + ")";
    }
}
