package io.paddock.tree;

import io.paddock.model.Check;
import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.EventType;
import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import io.paddock.tree.pcoll.PersistentMap;
import io.paddock.tree.pcoll.PersistentSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The working state of one {@link DataTree#apply}: starts from the old tree's persistent
 * collections, replaces them as sub-operations run (a multi or a closeSession runs several),
 * then {@link #finish} freezes them into the new tree. Confined to the applying call; the old
 * tree is never touched. Impossible txns (the planner guarantees they never occur) throw
 * IllegalStateException.
 */
final class TreeEdit {
    PersistentMap<String, Znode> nodes;
    PersistentMap<String, PersistentSet<String>> children;
    PersistentMap<Long, SessionInfo> sessions;
    PersistentMap<Long, PersistentSet<String>> ephemerals;
    PersistentSet<String> containers;
    PersistentSet<String> ttls;
    long dataSize;
    long digest;
    int ephemeralCount;
    private final long zxid;
    private final long timeMs;
    /** The edit session of an editable tree (sets are updated in it too), or null. */
    private final Object token;
    private ArrayList<WatchEvent> events;

    TreeEdit(DataTree base, TxnEntry entry) {
        this.nodes = base.nodes;
        this.children = base.children;
        this.sessions = base.sessions;
        this.ephemerals = base.ephemerals;
        this.containers = base.containers;
        this.ttls = base.ttls;
        this.dataSize = base.approximateDataSize();
        this.digest = base.digest();
        this.ephemeralCount = base.ephemeralCount();
        this.zxid = entry.zxid();
        this.timeMs = entry.timeMs();
        this.token = base.editToken;
    }

    DataTree finish() {
        return new DataTree(nodes, children, sessions, ephemerals, containers, ttls, zxid, dataSize, digest,
                ephemeralCount, token);
    }

    List<WatchEvent> events() {
        return events == null ? List.of() : Collections.unmodifiableList(events);
    }

    private void event(int type, String path) {
        if (token != null) {
            return; // an editable run (log replay) has no watchers
        }
        if (events == null) {
            events = new ArrayList<>(4);
        }
        events.add(new WatchEvent(type, path));
    }

    /** Applies one non-error txn and returns its response body. */
    Response apply(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return create(c);
        } else if (txn instanceof Txn.Delete d) {
            delete(d.path());
            return Response.Empty.INSTANCE;
        } else if (txn instanceof Txn.SetData s) {
            return new Response.StatOnly(setData(s));
        } else if (txn instanceof Txn.SetAcl s) {
            return new Response.StatOnly(setAcl(s));
        } else if (txn instanceof Txn.Check c) {
            Check.that(nodes.get(c.path()) != null, "check of missing node %s", c.path());
            return Response.Empty.INSTANCE;
        } else if (txn instanceof Txn.Multi m) {
            return multi(m);
        } else if (txn instanceof Txn.CreateSession s) {
            Check.that(sessions.get(s.sessionId()) == null, "session 0x%x created twice", s.sessionId());
            sessions = sessions.put(s.sessionId(), new SessionInfo(s.sessionId(), s.timeoutMs(), s.passwd()));
            return Response.Empty.INSTANCE;
        } else if (txn instanceof Txn.CloseSession s) {
            closeSession(s.sessionId());
            return Response.Empty.INSTANCE;
        }
        throw new IllegalStateException("txn kind not applicable here: " + txn);
    }

    /**
     * A successful multi. Create results carry type 15 (create2) with the Stat, because the txn
     * does not know which create opcode the client used; the node rewrites them to type 1 for
     * plain create requests.
     */
    private Response multi(Txn.Multi m) {
        List<Response.OpResult> results = new ArrayList<>(m.txns().size());
        for (Txn sub : m.txns()) {
            if (sub instanceof Txn.Create c) {
                results.add(new Response.OpResult(OpCode.CREATE2, 0, create(c)));
            } else if (sub instanceof Txn.Delete d) {
                delete(d.path());
                results.add(new Response.OpResult(OpCode.DELETE, 0, null));
            } else if (sub instanceof Txn.SetData s) {
                results.add(new Response.OpResult(OpCode.SET_DATA, 0, new Response.StatOnly(setData(s))));
            } else if (sub instanceof Txn.Check c) {
                Check.that(nodes.get(c.path()) != null, "check of missing node %s", c.path());
                results.add(new Response.OpResult(OpCode.CHECK, 0, null));
            } else {
                throw new IllegalStateException("txn kind not allowed in a successful multi: " + sub);
            }
        }
        return new Response.MultiResult(Collections.unmodifiableList(results));
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        Check.that(slash >= 0 && path.length() > 1, "path has no parent: %s", path);
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** The tree keeps its own immutable ACL lists; the two well-known lists are shared, not copied. */
    static List<Acl> ownAcl(List<Acl> acl) {
        Check.that(acl != null, "null ACL in txn");
        if (acl.equals(Acl.OPEN_ACL_UNSAFE)) {
            return Acl.OPEN_ACL_UNSAFE;
        }
        if (acl.equals(Acl.READ_ACL_UNSAFE)) {
            return Acl.READ_ACL_UNSAFE;
        }
        return List.copyOf(acl);
    }

    private static int length(byte[] data) {
        return data == null ? 0 : data.length;
    }

    private Response.Created create(Txn.Create c) {
        String path = c.path();
        String parentPath = parentOf(path);
        Znode parent = nodes.get(parentPath);
        Check.that(parent != null, "create %s under missing parent", path);
        long owner = c.ephemeralOwner();
        Znode node = new Znode(c.data(), ownAcl(c.acl()), zxid, zxid, timeMs, timeMs, 0, 0, 0, owner, zxid, 0);
        Znode newParent = new Znode(parent.data(), parent.acl(), parent.czxid(), parent.mzxid(), parent.ctime(),
                parent.mtime(), parent.version(), parent.cversion() + 1, parent.aversion(), parent.ephemeralOwner(),
                zxid, parent.numChildren() + 1);
        PersistentMap<String, Znode> added = nodes.put(path, node);
        Check.that(added.size() == nodes.size() + 1, "create of existing node %s", path);
        nodes = added.put(parentPath, newParent);
        PersistentSet<String> siblings = children.get(parentPath);
        String name = path.substring(path.lastIndexOf('/') + 1);
        PersistentSet<String> before = siblings == null ? PersistentSet.empty() : siblings;
        children = children.put(parentPath, before.with(name, token));
        digest += NodeDigest.of(path, node) + NodeDigest.delta(parentPath, parent, newParent);
        dataSize += path.length() + length(c.data());
        if (EphemeralOwner.isEphemeral(owner)) {
            PersistentSet<String> owned = ephemerals.get(owner);
            PersistentSet<String> ownedBefore = owned == null ? PersistentSet.empty() : owned;
            ephemerals = ephemerals.put(owner, ownedBefore.with(path, token));
            ephemeralCount++;
        } else if (EphemeralOwner.isContainer(owner)) {
            containers = containers.with(path, token);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls = ttls.with(path, token);
        }
        event(EventType.NODE_CREATED, path);
        event(EventType.NODE_CHILDREN_CHANGED, parentPath);
        return token != null ? null : new Response.Created(path, node.stat());
    }

    void delete(String path) {
        Znode node = nodes.get(path);
        Check.that(node != null, "delete of missing node %s", path);
        Check.that(node.numChildren() == 0, "delete of %s which has children", path);
        String parentPath = parentOf(path);
        Znode parent = nodes.get(parentPath);
        Check.that(parent != null && parent.numChildren() > 0, "parent of %s missing or childless", path);
        Znode newParent = new Znode(parent.data(), parent.acl(), parent.czxid(), parent.mzxid(), parent.ctime(),
                parent.mtime(), parent.version(), parent.cversion(), parent.aversion(), parent.ephemeralOwner(),
                zxid, parent.numChildren() - 1);
        nodes = nodes.remove(path).put(parentPath, newParent);
        String name = path.substring(path.lastIndexOf('/') + 1);
        PersistentSet<String> siblings = children.get(parentPath).without(name, token);
        children = siblings.isEmpty() ? children.remove(parentPath) : children.put(parentPath, siblings);
        digest += NodeDigest.delta(parentPath, parent, newParent) - NodeDigest.of(path, node);
        dataSize -= path.length() + length(node.data());
        long owner = node.ephemeralOwner();
        if (EphemeralOwner.isEphemeral(owner)) {
            PersistentSet<String> owned = ephemerals.get(owner).without(path, token);
            ephemerals = owned.isEmpty() ? ephemerals.remove(owner) : ephemerals.put(owner, owned);
            ephemeralCount--;
        } else if (EphemeralOwner.isContainer(owner)) {
            containers = containers.without(path, token);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls = ttls.without(path, token);
        }
        event(EventType.NODE_DELETED, path);
        event(EventType.NODE_CHILDREN_CHANGED, parentPath);
    }

    private Stat setData(Txn.SetData s) {
        Znode old = nodes.get(s.path());
        Check.that(old != null, "setData of missing node %s", s.path());
        Znode node = new Znode(s.data(), old.acl(), old.czxid(), zxid, old.ctime(), timeMs, s.version(),
                old.cversion(), old.aversion(), old.ephemeralOwner(), old.pzxid(), old.numChildren());
        nodes = nodes.put(s.path(), node);
        digest += NodeDigest.delta(s.path(), old, node);
        dataSize += length(s.data()) - length(old.data());
        event(EventType.NODE_DATA_CHANGED, s.path());
        return node.stat();
    }

    private Stat setAcl(Txn.SetAcl s) {
        Znode old = nodes.get(s.path());
        Check.that(old != null, "setACL of missing node %s", s.path());
        Znode node = new Znode(old.data(), ownAcl(s.acl()), old.czxid(), old.mzxid(), old.ctime(), old.mtime(),
                old.version(), old.cversion(), s.aversion(), old.ephemeralOwner(), old.pzxid(), old.numChildren());
        nodes = nodes.put(s.path(), node);
        digest += NodeDigest.delta(s.path(), old, node);
        return node.stat();
    }

    /** Deletes the session's ephemerals in sorted path order (deterministic on every replica), then the session. */
    private void closeSession(long sessionId) {
        PersistentSet<String> owned = ephemerals.get(sessionId);
        if (owned != null) {
            String[] paths = owned.toArray(new String[0]);
            Arrays.sort(paths);
            for (String path : paths) {
                delete(path);
            }
        }
        Check.that(ephemerals.get(sessionId) == null, "ephemerals of 0x%x survived its close", sessionId);
        sessions = sessions.remove(sessionId);
    }

}
