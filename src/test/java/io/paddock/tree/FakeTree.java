package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Txn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mutable in-memory {@link TreeView} for planner tests: a map of path to znode, child name
 * sets, sessions and an ephemeral index, with a minimal {@link #apply} that follows the txn
 * semantics (create bumps the parent's internal cversion and child count, delete only the child
 * count). Not the real DataTree; single-threaded.
 */
final class FakeTree implements TreeView {
    private final Map<String, Znode> nodes = new HashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();
    private final Map<Long, SessionInfo> sessions = new HashMap<>();
    private final Map<Long, Set<String>> ephemerals = new HashMap<>();
    private long lastZxid;

    /** A fresh standalone tree: /, /zookeeper, /zookeeper/quota, /zookeeper/config (READ only). */
    static FakeTree standard() {
        FakeTree tree = new FakeTree();
        tree.nodes.put("/", node(Acl.OPEN_ACL_UNSAFE, 0, 0, 0));
        tree.children.put("/", new LinkedHashSet<>());
        // The built-in nodes are not "created": internal cversion stays 0 (visible cversion -1 on /).
        tree.putRaw("/zookeeper", node(Acl.OPEN_ACL_UNSAFE, 0, 0, 0));
        tree.putRaw("/zookeeper/quota", node(Acl.OPEN_ACL_UNSAFE, 0, 0, 0));
        tree.putRaw("/zookeeper/config", node(Acl.READ_ACL_UNSAFE, 0, 0, 0));
        return tree;
    }

    static Znode node(List<Acl> acl, long owner, int version, int aversion) {
        return new Znode(new byte[0], acl, 0, 0, 0, 0, version, 0, aversion, owner, 0, 0);
    }

    /** Adds a node as a create would (parent cversion and child count bumped). */
    FakeTree add(String path, List<Acl> acl, long owner) {
        apply(1, 0, new Txn.Create(path, new byte[0], acl, owner));
        return this;
    }

    FakeTree add(String path) {
        return add(path, Acl.OPEN_ACL_UNSAFE, 0);
    }

    FakeTree withSession(long sessionId) {
        sessions.put(sessionId, new SessionInfo(sessionId, 30000, new byte[16]));
        return this;
    }

    /** Replaces a node's stored state (e.g. to set a cversion) without touching its parent. */
    FakeTree replace(String path, Znode node) {
        if (!nodes.containsKey(path)) {
            throw new IllegalStateException("no node " + path);
        }
        nodes.put(path, node);
        return this;
    }

    private void putRaw(String path, Znode node) {
        String parent = Planner.parentOf(path);
        nodes.put(path, node);
        children.put(path, new LinkedHashSet<>());
        children.get(parent).add(path.substring(path.lastIndexOf('/') + 1));
        Znode p = nodes.get(parent);
        nodes.put(parent, new Znode(p.data(), p.acl(), p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(),
                p.cversion(), p.aversion(), p.ephemeralOwner(), p.pzxid(), p.numChildren() + 1));
    }

    /** Applies a txn the way the real tree will; errors and failed multis change nothing. */
    void apply(long zxid, long timeMs, Txn txn) {
        lastZxid = zxid;
        if (txn instanceof Txn.Create c) {
            Znode p = nodes.get(Planner.parentOf(c.path()));
            nodes.put(Planner.parentOf(c.path()), new Znode(p.data(), p.acl(), p.czxid(), p.mzxid(), p.ctime(),
                    p.mtime(), p.version(), p.cversion() + 1, p.aversion(), p.ephemeralOwner(), zxid,
                    p.numChildren() + 1));
            nodes.put(c.path(), new Znode(c.data(), c.acl(), zxid, zxid, timeMs, timeMs, 0, 0, 0,
                    c.ephemeralOwner(), zxid, 0));
            children.put(c.path(), new LinkedHashSet<>());
            children.get(Planner.parentOf(c.path())).add(c.path().substring(c.path().lastIndexOf('/') + 1));
            if (EphemeralOwner.isEphemeral(c.ephemeralOwner())) {
                ephemerals.computeIfAbsent(c.ephemeralOwner(), k -> new TreeSet<>()).add(c.path());
            }
        } else if (txn instanceof Txn.Delete d) {
            delete(zxid, d.path());
        } else if (txn instanceof Txn.SetData s) {
            Znode n = nodes.get(s.path());
            nodes.put(s.path(), new Znode(s.data(), n.acl(), n.czxid(), zxid, n.ctime(), timeMs, s.version(),
                    n.cversion(), n.aversion(), n.ephemeralOwner(), n.pzxid(), n.numChildren()));
        } else if (txn instanceof Txn.SetAcl s) {
            Znode n = nodes.get(s.path());
            nodes.put(s.path(), new Znode(n.data(), s.acl(), n.czxid(), n.mzxid(), n.ctime(), n.mtime(),
                    n.version(), n.cversion(), s.aversion(), n.ephemeralOwner(), n.pzxid(), n.numChildren()));
        } else if (txn instanceof Txn.Multi m) {
            boolean failed = m.txns().stream().anyMatch(t -> t instanceof Txn.Error);
            if (!failed) {
                m.txns().forEach(t -> apply(zxid, timeMs, t));
            }
        } else if (txn instanceof Txn.CreateSession s) {
            sessions.put(s.sessionId(), new SessionInfo(s.sessionId(), s.timeoutMs(), s.passwd()));
        } else if (txn instanceof Txn.CloseSession s) {
            for (String path : new ArrayList<>(ephemeralsOf(s.sessionId()))) {
                delete(zxid, path);
            }
            sessions.remove(s.sessionId());
        }
    }

    private void delete(long zxid, String path) {
        String parentPath = Planner.parentOf(path);
        Znode p = nodes.get(parentPath);
        nodes.put(parentPath, new Znode(p.data(), p.acl(), p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(),
                p.cversion(), p.aversion(), p.ephemeralOwner(), zxid, p.numChildren() - 1));
        Znode removed = nodes.remove(path);
        children.remove(path);
        children.get(parentPath).remove(path.substring(path.lastIndexOf('/') + 1));
        Set<String> owned = ephemerals.get(removed.ephemeralOwner());
        if (owned != null) {
            owned.remove(path);
        }
    }

    @Override public Znode node(String path) {
        return nodes.get(path);
    }

    @Override public Collection<String> childNames(String path) {
        Set<String> names = children.get(path);
        return names == null ? List.of() : names;
    }

    @Override public SessionInfo session(long sessionId) {
        return sessions.get(sessionId);
    }

    @Override public Collection<String> ephemeralsOf(long sessionId) {
        Set<String> owned = ephemerals.get(sessionId);
        return owned == null ? List.of() : owned;
    }

    @Override public long lastZxid() {
        return lastZxid;
    }
}
