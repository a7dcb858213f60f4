package io.paddock.tree;

import io.paddock.model.Check;
import io.paddock.model.Acl;
import io.paddock.model.Applied;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Response;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.tree.pcoll.PersistentMap;
import io.paddock.tree.pcoll.PersistentSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The znode tree as an immutable value: every {@link #apply} returns a new tree that shares
 * structure with this one (persistent CHAMP maps), so a snapshot is just a reference to a tree
 * and readers never lock. Owns:
 * <ul>
 * <li>path -> {@link Znode}, and path -> set of child names (only for nodes that have children);
 * <li>sessions (id -> {@link SessionInfo}) and session id -> paths of its ephemerals;
 * <li>index sets of container and TTL paths, so the reaper never scans the tree;
 * <li>lastZxid, node count, approximate data size (sum over nodes of path length plus data
 *     length) and the digest: the sum mod 2^64 of {@link NodeDigest} over all nodes, kept up to
 *     date incrementally and equal to {@link #computeDigest()}.
 * </ul>
 * Thread-safe because immutable; an apply may run on any one thread at a time per lineage.
 * Invariants: every non-root path's parent exists; a node's numChildren equals the size of its
 * child-name set; ephemerals never have children.
 */
public final class DataTree implements TreeView {
    /** The tree after a txn, and what the txn did. */
    public record Result(DataTree tree, Applied applied) {}

    static final String ROOT = "/";
    private static final byte[] NO_DATA = new byte[0];

    final PersistentMap<String, Znode> nodes;
    final PersistentMap<String, PersistentSet<String>> children;
    final PersistentMap<Long, SessionInfo> sessions;
    final PersistentMap<Long, PersistentSet<String>> ephemerals;
    final PersistentSet<String> containers;
    final PersistentSet<String> ttls;
    private final long lastZxid;
    private final long approximateDataSize;
    private final long digest;
    private final int ephemeralCount;
    /** Null for an ordinary tree; the edit session of an {@link #editable()} one (its maps and sets use it). */
    final Object editToken;

    DataTree(PersistentMap<String, Znode> nodes, PersistentMap<String, PersistentSet<String>> children,
             PersistentMap<Long, SessionInfo> sessions, PersistentMap<Long, PersistentSet<String>> ephemerals,
             PersistentSet<String> containers, PersistentSet<String> ttls, long lastZxid, long approximateDataSize,
             long digest, int ephemeralCount) {
        this(nodes, children, sessions, ephemerals, containers, ttls, lastZxid, approximateDataSize, digest,
                ephemeralCount, null);
    }

    DataTree(PersistentMap<String, Znode> nodes, PersistentMap<String, PersistentSet<String>> children,
             PersistentMap<Long, SessionInfo> sessions, PersistentMap<Long, PersistentSet<String>> ephemerals,
             PersistentSet<String> containers, PersistentSet<String> ttls, long lastZxid, long approximateDataSize,
             long digest, int ephemeralCount, Object editToken) {
        this.editToken = editToken;
        this.nodes = nodes;
        this.children = children;
        this.sessions = sessions;
        this.ephemerals = ephemerals;
        this.containers = containers;
        this.ttls = ttls;
        this.lastZxid = lastZxid;
        this.approximateDataSize = approximateDataSize;
        this.digest = digest;
        this.ephemeralCount = ephemeralCount;
    }

    /**
     * A fresh tree: {@code /}, {@code /zookeeper}, {@code /zookeeper/quota} and
     * {@code /zookeeper/config}, all zxids and times 0, empty data, world:anyone ALL except the
     * config node (world:anyone READ). Their children were never "created", so internal
     * cversions are 0 and the visible cversions are -1 for {@code /} and -2 for {@code /zookeeper}.
     */
    public static DataTree empty() {
        PersistentMap<String, Znode> nodes = PersistentMap.<String, Znode>empty()
                .put(ROOT, builtIn(Acl.OPEN_ACL_UNSAFE, 1))
                .put("/zookeeper", builtIn(Acl.OPEN_ACL_UNSAFE, 2))
                .put("/zookeeper/quota", builtIn(Acl.OPEN_ACL_UNSAFE, 0))
                .put("/zookeeper/config", builtIn(Acl.READ_ACL_UNSAFE, 0));
        PersistentMap<String, PersistentSet<String>> children = PersistentMap.<String, PersistentSet<String>>empty()
                .put(ROOT, PersistentSet.<String>empty().with("zookeeper"))
                .put("/zookeeper", PersistentSet.<String>empty().with("quota").with("config"));
        DataTree partial = new DataTree(nodes, children, PersistentMap.empty(), PersistentMap.empty(),
                PersistentSet.empty(), PersistentSet.empty(), 0, 0, 0, 0);
        long size = 0;
        for (String path : nodes.keys()) {
            size += path.length();
        }
        return new DataTree(nodes, children, PersistentMap.empty(), PersistentMap.empty(), PersistentSet.empty(),
                PersistentSet.empty(), 0, size, partial.computeDigest(), 0);
    }

    /**
     * A copy whose {@link #apply} overwrites in place the trie nodes that earlier applies of the
     * same copy created (see {@link PersistentMap#editable(Object)}): for replaying a log, where only
     * the last tree is kept. This tree is never changed. Every tree an apply returns invalidates
     * the one it was applied to; {@link #frozen()} gives the ordinary tree at the end. Confined to
     * one thread.
     */
    public DataTree editable() {
        Object token = new Object();
        return new DataTree(nodes.editable(token), children.editable(token), sessions.editable(token),
                ephemerals.editable(token), containers, ttls, lastZxid, approximateDataSize, digest, ephemeralCount,
                token);
    }

    /** The ordinary, immutable tree at the end of an {@link #editable()} run. */
    public DataTree frozen() {
        return new DataTree(nodes.frozen(), children.frozen(), sessions.frozen(), ephemerals.frozen(), containers,
                ttls, lastZxid, approximateDataSize, digest, ephemeralCount);
    }

    private static Znode builtIn(List<Acl> acl, int numChildren) {
        return new Znode(NO_DATA, acl, 0, 0, 0, 0, 0, 0, 0, 0, 0, numChildren);
    }

    /**
     * Applies one committed txn. {@code entry.zxid} must exceed {@link #lastZxid()}. For a failed
     * txn ({@link Txn.Error}) nothing changes but lastZxid, and {@code Applied.err} carries the
     * code. A failed multi (all sub-txns are errors) changes nothing and answers err 0 with one
     * error result per op. In a successful multi, create results have type 15 (create2) with the
     * Stat: the node rewrites them to type 1 for ops that were plain create requests, which only
     * it knows.
     */
    public Result apply(TxnEntry entry) {
        if (entry.zxid() <= lastZxid) {
            throw new IllegalStateException("txn zxid 0x" + Long.toHexString(entry.zxid())
                    + " not after lastZxid 0x" + Long.toHexString(lastZxid));
        }
        Txn txn = entry.txn();
        if (txn instanceof Txn.Error e) {
            Check.that(e.err() != 0, "error txn with code 0");
            return new Result(withLastZxid(entry.zxid()), new Applied(entry, e.err(), null, List.of()));
        }
        if (txn instanceof Txn.NewEpoch) {
            return new Result(withLastZxid(entry.zxid()), new Applied(entry, 0, null, List.of()));
        }
        if (txn instanceof Txn.Multi m && isFailedMulti(m)) {
            List<Response.OpResult> results = new ArrayList<>(m.txns().size());
            for (Txn sub : m.txns()) {
                int code = ((Txn.Error) sub).err();
                results.add(new Response.OpResult(-1, code, new Response.ErrorBody(code)));
            }
            Response response = new Response.MultiResult(List.copyOf(results));
            return new Result(withLastZxid(entry.zxid()), new Applied(entry, 0, response, List.of()));
        }
        TreeEdit edit = new TreeEdit(this, entry);
        Response response = edit.apply(txn);
        return new Result(edit.finish(), new Applied(entry, 0, response, edit.events()));
    }

    /** A multi is failed when its sub-txns are errors; then all of them must be. */
    private static boolean isFailedMulti(Txn.Multi m) {
        int errors = 0;
        for (Txn sub : m.txns()) {
            if (sub instanceof Txn.Error) {
                errors++;
            }
        }
        Check.that(errors == 0 || errors == m.txns().size(), "multi mixes errors and changes: %s", m);
        return errors > 0;
    }

    private DataTree withLastZxid(long zxid) {
        return new DataTree(nodes, children, sessions, ephemerals, containers, ttls, zxid, approximateDataSize,
                digest, ephemeralCount, editToken);
    }

    // ---- TreeView ---------------------------------------------------------------------------

    @Override
    public Znode node(String path) {
        return nodes.get(path);
    }

    /** A read-only view (no copy); iteration order is deterministic but not sorted. */
    @Override
    public Collection<String> childNames(String path) {
        PersistentSet<String> names = children.get(path);
        return names == null ? PersistentSet.empty() : names;
    }

    @Override
    public SessionInfo session(long sessionId) {
        return sessions.get(sessionId);
    }

    @Override
    public Collection<String> ephemeralsOf(long sessionId) {
        PersistentSet<String> owned = ephemerals.get(sessionId);
        return owned == null ? PersistentSet.empty() : owned;
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    // ---- queries for the node ---------------------------------------------------------------

    public int nodeCount() {
        return nodes.size();
    }

    /** Sum over nodes of path length (chars) plus data length, like ZooKeeper's approximateDataSize. */
    public long approximateDataSize() {
        return approximateDataSize;
    }

    public long digest() {
        return digest;
    }

    /** The digest recomputed from scratch; always equals {@link #digest()} (a check, and for snapshot loads). */
    public long computeDigest() {
        long[] sum = new long[1];
        nodes.forEach((path, node) -> sum[0] += NodeDigest.of(path, node));
        return sum[0];
    }

    public int ephemeralCount() {
        return ephemeralCount;
    }

    public Collection<SessionInfo> sessions() {
        return sessions.values();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Every (path, znode) pair, in trie order. */
    public void forEachNode(BiConsumer<String, Znode> action) {
        nodes.forEach(action);
    }

    /**
     * Number of descendants of {@code path} (excluding itself), 0 when absent. Walks the subtree,
     * so it costs O(descendants); the root is answered from the node count.
     */
    public int allChildrenNumber(String path) {
        if (nodes.get(path) == null) {
            return 0;
        }
        if (ROOT.equals(path)) {
            return nodes.size() - 1;
        }
        int count = 0;
        ArrayDeque<String> pending = new ArrayDeque<>();
        pending.push(path);
        while (!pending.isEmpty()) {
            String parent = pending.pop();
            PersistentSet<String> names = children.get(parent);
            if (names == null) {
                continue;
            }
            count += names.size();
            for (String name : names) {
                String child = parent + "/" + name;
                if (children.containsKey(child)) {
                    pending.push(child);
                }
            }
        }
        return count;
    }

    /**
     * Up to {@code max} paths the reaper may delete now: containers with no children that have
     * had at least one (internal cversion &gt; 0), and TTL nodes with no children whose
     * {@code nowMs - mtime} exceeds their TTL. Deterministic order.
     */
    public Collection<String> reapable(long nowMs, int max) {
        List<String> out = new ArrayList<>(reapableContainers(max));
        out.addAll(expiredTtls(nowMs, max - out.size()));
        return out;
    }

    /** Up to {@code max} empty containers that have had a child (internal cversion &gt; 0). */
    public List<String> reapableContainers(int max) {
        List<String> out = new ArrayList<>();
        for (String path : containers) {
            if (out.size() >= max) {
                return out;
            }
            Znode node = nodes.get(path);
            if (node.numChildren() == 0 && node.cversion() > 0) {
                out.add(path);
            }
        }
        return out;
    }

    /** Up to {@code max} childless TTL nodes whose {@code nowMs - mtime} exceeds their TTL. */
    public List<String> expiredTtls(long nowMs, int max) {
        List<String> out = new ArrayList<>();
        for (String path : ttls) {
            if (out.size() >= max) {
                return out;
            }
            Znode node = nodes.get(path);
            if (node.numChildren() == 0 && nowMs - node.mtime() > EphemeralOwner.ttlMs(node.ephemeralOwner())) {
                out.add(path);
            }
        }
        return out;
    }
}
