package io.paddock.tree;

import io.paddock.model.EphemeralOwner;
import io.paddock.tree.pcoll.MapBuilder;
import io.paddock.tree.pcoll.PersistentMap;
import io.paddock.tree.pcoll.PersistentSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link DataTree} from a snapshot's stream of znodes and sessions in one pass, with
 * bulk-built CHAMP maps ({@link MapBuilder}) instead of replaying creates: O(n) work and no
 * per-node path copying. Znodes may arrive in any order after {@code /} (the writer uses the
 * trie's order); {@link ChildGroups} gathers each parent's children, and each child set is built
 * once at the end. The digest, data size and index sets
 * are computed here, once; {@link #build()} checks the structure (every parent exists, child
 * counts match, no duplicate paths, ephemerals have no children) and the stored digest.
 * Ephemeral owners are not required to be live sessions, because {@link DataTree#apply} does
 * not require it either.
 *
 * <p>Mutable, confined to the loading thread, single use.
 */
final class TreeBuilder implements TreeSnapshot.Visitor {
    private final String snapshotName;
    private MapBuilder<String, Znode> nodes;
    private final MapBuilder<String, PersistentSet<String>> children = new MapBuilder<>(1024);
    private MapBuilder<Long, SessionInfo> sessions;
    private final Map<Long, List<String>> ephemerals = new HashMap<>();
    private final List<String> containers = new ArrayList<>();
    private final List<String> ttls = new ArrayList<>();
    private final ChildGroups childGroups = new ChildGroups();
    private long lastZxid;
    private long storedDigest;
    private long digest;
    private long dataSize;
    private long numChildrenSum;
    private int nodeCount;
    private int ephemeralCount;
    private boolean sawHeader;

    TreeBuilder(String snapshotName) {
        this.snapshotName = snapshotName;
    }

    private SnapshotFormatException bad(String problem) {
        return new SnapshotFormatException(snapshotName, problem);
    }

    @Override
    public void header(long lastZxid, long digest, int nodeCount, int sessionCount) {
        this.lastZxid = lastZxid;
        this.storedDigest = digest;
        this.nodes = new MapBuilder<>(nodeCount);
        this.sessions = new MapBuilder<>(sessionCount);
        this.sawHeader = true;
    }

    @Override
    public void node(String path, Znode node) {
        if (nodeCount == 0 && !DataTree.ROOT.equals(path)) {
            throw bad("first znode is " + path + ", not /");
        }
        if (nodeCount > 0) {
            if (path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/")) {
                throw bad("malformed path " + path);
            }
            addChild(path);
        }
        nodes.add(path, node);
        nodeCount++;
        long pathHash = NodeDigest.pathHash(path);
        digest += NodeDigest.statTerm(pathHash, node) + NodeDigest.dataTerm(pathHash, node.data())
                + NodeDigest.aclTerm(pathHash, node.acl());
        dataSize += path.length() + (node.data() == null ? 0 : node.data().length);
        numChildrenSum += node.numChildren();
        long owner = node.ephemeralOwner();
        if (EphemeralOwner.isEphemeral(owner)) {
            ephemerals.computeIfAbsent(owner, k -> new ArrayList<>()).add(path);
            ephemeralCount++;
        } else if (EphemeralOwner.isContainer(owner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls.add(path);
        }
    }

    private void addChild(String path) {
        childGroups.add(path, path.lastIndexOf('/'));
    }

    @Override
    public void session(SessionInfo session) {
        sessions.add(session.sessionId(), session);
    }

    /** The tree, after the structural checks and the digest check. */
    DataTree build() {
        if (!sawHeader) {
            throw bad("no header");
        }
        for (ChildGroups.Group g : childGroups.groups()) {
            children.add(g.parent, PersistentSet.copyOf(g.names, g.size));
        }
        PersistentMap<String, Znode> nodeMap;
        PersistentMap<String, PersistentSet<String>> childMap;
        PersistentMap<Long, SessionInfo> sessionMap;
        try {
            nodeMap = nodes.build();
            childMap = children.build();
            sessionMap = sessions.build();
        } catch (IllegalStateException e) {
            throw bad(e.getMessage() + " (a duplicate znode)");
        }
        checkStructure(nodeMap);
        PersistentMap<Long, PersistentSet<String>> ephemeralMap = ephemeralIndex();
        if (digest != storedDigest) {
            throw bad("digest mismatch: stored 0x" + Long.toHexString(storedDigest) + ", rebuilt tree 0x"
                    + Long.toHexString(digest));
        }
        return new DataTree(nodeMap, childMap, sessionMap, ephemeralMap, setOf(containers), setOf(ttls), lastZxid,
                dataSize, storedDigest, ephemeralCount);
    }

    private void checkStructure(PersistentMap<String, Znode> nodeMap) {
        if (numChildrenSum != nodeCount - 1L) {
            throw bad("child counts sum to " + numChildrenSum + " for " + nodeCount + " znodes");
        }
        for (ChildGroups.Group g : childGroups.groups()) {
            Znode parent = nodeMap.get(g.parent);
            if (parent == null) {
                throw bad("parent " + g.parent + " missing");
            }
            if (parent.numChildren() != g.size) {
                throw bad(g.parent + " has numChildren " + parent.numChildren() + " but " + g.size + " children");
            }
            if (EphemeralOwner.isEphemeral(parent.ephemeralOwner())) {
                throw bad("ephemeral " + g.parent + " has children");
            }
        }
    }

    private PersistentMap<Long, PersistentSet<String>> ephemeralIndex() {
        MapBuilder<Long, PersistentSet<String>> index = new MapBuilder<>(ephemerals.size());
        for (Map.Entry<Long, List<String>> e : ephemerals.entrySet()) {
            index.add(e.getKey(), setOf(e.getValue()));
        }
        return index.build();
    }

    private static PersistentSet<String> setOf(List<String> paths) {
        return PersistentSet.copyOf(paths.toArray(new String[0]), paths.size());
    }
}
