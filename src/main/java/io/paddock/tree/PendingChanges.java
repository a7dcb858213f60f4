package io.paddock.tree;

import io.paddock.model.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The speculative state of planned but not yet applied txns, layered over the applied tree
 * (ZooKeeper's {@code outstandingChanges}): for each path with an outstanding change, the
 * newest planned znode (or its deletion) and the zxid that produced it; for each session with
 * an outstanding createSession or closeSession, whether it is pending-created or closing.
 * Lookups fall through to the {@link TreeView} for everything else.
 *
 * <p>Owned by the proposer and used on its single thread only; mutated by {@link Planner}
 * (package-private mutators), trimmed by {@link #applied(long)} after the tree applies a txn and
 * emptied by {@link #clear()} when the epoch changes.
 *
 * <p>Invariants: changes are recorded in non-decreasing zxid order (a multi records several
 * with one zxid); {@code order} holds every recorded change in that order, and each map value
 * is the newest change for its key and is also in {@code order}. A speculative znode is a full
 * {@link Znode}, so its parent's child count and internal cversion are tracked by recording
 * the parent as well.
 */
public final class PendingChanges {
    /** One recorded change: a node change ({@code path != null}) or a session change. */
    private static final class Change {
        final long zxid;
        final String path;
        final Znode node;
        final long sessionId;
        final SessionInfo created;

        Change(long zxid, String path, Znode node, long sessionId, SessionInfo created) {
            this.zxid = zxid;
            this.path = path;
            this.node = node;
            this.sessionId = sessionId;
            this.created = created;
        }
    }

    /** An entry of the multi undo log: the map value a node change replaced (null: none). */
    private record Undo(String path, Change replaced) {}

    private final HashMap<String, Change> nodes = new HashMap<>();
    /** Session id -> newest change: {@code created != null} pending create, else closing. */
    private final HashMap<Long, Change> sessions = new HashMap<>();
    /** Invariant: zxids non-decreasing from first to last. */
    private final ArrayDeque<Change> order = new ArrayDeque<>();
    /** Non-null only while a multi is being planned. */
    private ArrayList<Undo> undo;
    private long lastZxid = Long.MIN_VALUE;

    /** The speculative znode at {@code path}: the newest pending change, else the tree's node; null when absent. */
    public Znode node(TreeView tree, String path) {
        Change change = nodes.get(path);
        return change != null ? change.node : tree.node(path);
    }

    /** True when {@code path} has an outstanding change. */
    public boolean hasChange(String path) {
        return nodes.containsKey(path);
    }

    /**
     * The session check of a client request (ZooKeeper's {@code checkSession}): OK for a live or
     * pending-created session, SESSIONEXPIRED for one that is closing (a closeSession is pending),
     * UNKNOWNSESSION for one that neither the tree nor the pending changes know.
     */
    public int checkSession(TreeView tree, long sessionId) {
        Change change = sessions.get(sessionId);
        if (change != null) {
            return change.created != null ? ErrorCode.OK : ErrorCode.SESSIONEXPIRED;
        }
        return tree.session(sessionId) != null ? ErrorCode.OK : ErrorCode.UNKNOWNSESSION;
    }

    /** True when a closeSession of {@code sessionId} is planned and not yet applied. */
    public boolean isClosing(long sessionId) {
        Change change = sessions.get(sessionId);
        return change != null && change.created == null;
    }

    /**
     * The speculative ephemerals of a session: the tree's, plus pending creates owned by it,
     * minus paths whose newest pending change deletes them or gives them another owner.
     * In insertion order: the tree's first, then pending creates.
     */
    public Set<String> ephemeralsOf(TreeView tree, long sessionId) {
        Set<String> paths = new LinkedHashSet<>(tree.ephemeralsOf(sessionId));
        for (Map.Entry<String, Change> entry : nodes.entrySet()) {
            Znode node = entry.getValue().node;
            if (node != null && node.ephemeralOwner() == sessionId) {
                paths.add(entry.getKey());
            } else {
                paths.remove(entry.getKey());
            }
        }
        return paths;
    }

    /** Number of recorded changes not yet dropped. */
    public int size() {
        return order.size();
    }

    public boolean isEmpty() {
        return order.isEmpty();
    }

    /**
     * Forgets every change produced by a txn with zxid &lt;= {@code zxid}: the tree has applied
     * it, so the tree now answers for those paths unless a newer change is still pending.
     */
    public void applied(long zxid) {
        if (undo != null) {
            throw new IllegalStateException("applied(" + zxid + ") while a multi is being planned");
        }
        while (!order.isEmpty() && order.peekFirst().zxid <= zxid) {
            Change change = order.pollFirst();
            if (change.path != null) {
                nodes.remove(change.path, change);
            } else {
                sessions.remove(change.sessionId, change);
            }
        }
    }

    /** Drops everything (a new epoch: uncommitted proposals are gone). */
    public void clear() {
        nodes.clear();
        sessions.clear();
        order.clear();
        undo = null;
        lastZxid = Long.MIN_VALUE;
    }

    // ---- mutators, used by the Planner --------------------------------------------------

    /** Records that txn {@code zxid} leaves {@code node} at {@code path} (null: deleted). */
    void putNode(long zxid, String path, Znode node) {
        Change change = new Change(zxid, path, node, 0, null);
        append(change);
        Change replaced = nodes.put(path, change);
        if (undo != null) {
            undo.add(new Undo(path, replaced));
        }
    }

    /** Records a planned createSession. */
    void putCreatedSession(long zxid, SessionInfo session) {
        putSession(new Change(zxid, null, null, session.sessionId(), session));
    }

    /** Records a planned closeSession: the session is closing from now on. */
    void putClosingSession(long zxid, long sessionId) {
        putSession(new Change(zxid, null, null, sessionId, null));
    }

    /** Starts a multi: node changes from here on can be rolled back together. */
    void beginMulti() {
        if (undo != null) {
            throw new IllegalStateException("nested multi");
        }
        undo = new ArrayList<>();
    }

    /** Ends a multi, keeping its changes. */
    void commitMulti() {
        if (undo == null) {
            throw new IllegalStateException("commitMulti without beginMulti");
        }
        undo = null;
    }

    /** Ends a multi, undoing every change recorded since {@link #beginMulti()}. */
    void rollbackMulti() {
        if (undo == null) {
            throw new IllegalStateException("rollbackMulti without beginMulti");
        }
        for (int i = undo.size() - 1; i >= 0; i--) {
            Undo step = undo.get(i);
            Change removed = order.pollLast();
            if (removed == null || !step.path().equals(removed.path)) {
                throw new IllegalStateException("multi undo log out of step at " + step.path());
            }
            if (step.replaced() == null) {
                nodes.remove(step.path());
            } else {
                nodes.put(step.path(), step.replaced());
            }
        }
        lastZxid = order.isEmpty() ? Long.MIN_VALUE : order.peekLast().zxid;
        undo = null;
    }

    private void putSession(Change change) {
        if (undo != null) {
            throw new IllegalStateException("session change inside a multi");
        }
        append(change);
        sessions.put(change.sessionId, change);
    }

    private void append(Change change) {
        if (change.zxid < lastZxid) {
            throw new IllegalStateException("pending change zxid " + Long.toHexString(change.zxid)
                    + " after " + Long.toHexString(lastZxid));
        }
        lastZxid = change.zxid;
        order.addLast(change);
    }

    /** Paths with an outstanding change, for tests and diagnostics. */
    Collection<String> changedPaths() {
        return nodes.keySet();
    }
}
