package io.paddock.tree;

import io.paddock.model.Check;
import io.paddock.model.Acl;
import io.paddock.model.Id;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The snapshot body: one {@link DataTree} version as bytes, and back. Exact (not fuzzy): the
 * version is immutable, so the bytes describe the tree at exactly its lastZxid.
 *
 * <p>Grammar (big-endian; {@code Str} = int length + UTF-8, {@code Bytes} = int length or -1 for
 * null, then the bytes):
 * <pre>
 * Body     := int magic 0x50445452 ("PDTR"), int version (1), long lastZxid, long digest,
 *             int nodeCount, int sessionCount, Node{nodeCount}, Session{sessionCount},
 *             int endMagic 0x454E4421 ("END!")
 * Node     := Str path, Bytes data, int aclRef, [AclList if aclRef == -1],
 *             long czxid, long mzxid, long ctime, long mtime, int version, int cversion (internal),
 *             int aversion, long ephemeralOwner (stored encoding), long pzxid, int numChildren
 * AclList  := int count, (int perms, Str scheme, Str id){count}
 * Session  := long sessionId, int timeoutMs, Bytes passwd
 * </pre>
 * {@code aclRef} -1 introduces a new ACL list that gets the next index (0, 1, ...); any other
 * value refers to an earlier list, so each distinct list is written once and shared on load.
 *
 * <p>Node order: {@code /} first, then any order (the writer uses the nodes map's trie order; the
 * loader, {@link TreeBuilder}, gathers each parent's children). Loading checks the structure and
 * the digest stored in the body against the rebuilt tree.
 *
 * <p>Stateless; {@link #write} and {@link #read} run on the caller's (worker) thread and may
 * take seconds for millions of znodes. The tree being written is immutable, so writing needs no
 * lock and never delays the event loop that keeps applying txns.
 */
public final class TreeSnapshot {
    static final int MAGIC = 0x50445452;
    static final int VERSION = 1;
    static final int END_MAGIC = 0x454E4421;
    private static final int ACL_COUNT_MAX = 1 << 16;

    private TreeSnapshot() {}

    /** What a reader sees, in stream order; {@link #scan} drives it. */
    public interface Visitor {
        void header(long lastZxid, long digest, int nodeCount, int sessionCount);

        void node(String path, Znode node);

        void session(SessionInfo session);
    }

    /** Writes {@code tree} as a body to {@code sink}; returns the number of bytes written. */
    public static long write(DataTree tree, ByteSink sink) {
        SnapshotOutput out = new SnapshotOutput(sink);
        out.putInt(MAGIC);
        out.putInt(VERSION);
        out.putLong(tree.lastZxid());
        out.putLong(tree.digest());
        out.putInt(tree.nodeCount());
        out.putInt(tree.sessionCount());
        int written = writeNodes(tree, out);
        Check.that(written == tree.nodeCount(), "wrote %s znodes of %s", written, tree.nodeCount());
        int sessions = 0;
        for (SessionInfo s : tree.sessions()) {
            out.putLong(s.sessionId());
            out.putInt(s.timeoutMs());
            out.putBytes(s.passwd());
            sessions++;
        }
        Check.that(sessions == tree.sessionCount(), "wrote %s sessions of %s", sessions, tree.sessionCount());
        out.putInt(END_MAGIC);
        out.flush();
        return out.written();
    }

    /**
     * {@code /} first, then every other znode in the nodes map's trie order: one sequential walk
     * of the trie. (A breadth-first walk looked each child up by path, a cache miss or more per
     * znode, which was three quarters of a snapshot's time.) Allocation-free per znode, so that
     * writing a snapshot on an idle node does not itself bring on a garbage collection.
     */
    private static int writeNodes(DataTree tree, SnapshotOutput out) {
        AclRefs aclRefs = new AclRefs();
        writeNode(out, DataTree.ROOT, tree.node(DataTree.ROOT), aclRefs);
        int[] count = {1};
        tree.forEachNode((path, node) -> {
            if (!DataTree.ROOT.equals(path)) {
                writeNode(out, path, node, aclRefs);
                count[0]++;
            }
        });
        return count[0];
    }

    /** Indexes of the ACL lists written so far; consecutive nodes mostly share one list object. */
    private static final class AclRefs {
        private final HashMap<List<Acl>, Integer> refs = new HashMap<>();
        private List<Acl> last;
        private int lastRef = -1;

        /** The index of an earlier equal list, or -1 after giving {@code acl} the next index. */
        int refOrAdd(List<Acl> acl) {
            if (acl == last) {
                return lastRef;
            }
            Integer ref = refs.get(acl);
            int result = ref == null ? -1 : ref;
            if (ref == null) {
                ref = refs.size();
                refs.put(acl, ref);
            }
            last = acl;
            lastRef = ref;
            return result;
        }
    }

    private static void writeNode(SnapshotOutput out, String path, Znode n, AclRefs aclRefs) {
        out.putString(path);
        out.putBytes(n.data());
        int ref = aclRefs.refOrAdd(n.acl());
        if (ref >= 0) {
            out.putInt(ref);
        } else {
            out.putInt(-1);
            out.putInt(n.acl().size());
            for (Acl acl : n.acl()) {
                out.putInt(acl.perms());
                out.putString(acl.id().scheme());
                out.putString(acl.id().id());
            }
        }
        out.putLong(n.czxid());
        out.putLong(n.mzxid());
        out.putLong(n.ctime());
        out.putLong(n.mtime());
        out.putInt(n.version());
        out.putInt(n.cversion());
        out.putInt(n.aversion());
        out.putLong(n.ephemeralOwner());
        out.putLong(n.pzxid());
        out.putInt(n.numChildren());
    }

    /**
     * Rebuilds the tree from a body. Throws {@link SnapshotFormatException} naming
     * {@code snapshotName} if the body is damaged or its digest does not match the rebuilt tree.
     */
    public static DataTree read(ByteSource source, String snapshotName) {
        TreeBuilder builder = new TreeBuilder(snapshotName);
        scan(source, snapshotName, builder);
        return builder.build();
    }

    /** Decodes a body, passing each part to {@code visitor} (the dump tool uses this without building). */
    public static void scan(ByteSource source, String snapshotName, Visitor visitor) {
        SnapshotInput in = new SnapshotInput(source, snapshotName);
        if (in.getInt() != MAGIC) {
            throw in.bad("bad body magic");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw in.bad("unknown body version " + version);
        }
        long lastZxid = in.getLong();
        long digest = in.getLong();
        int nodeCount = in.getInt();
        int sessionCount = in.getInt();
        if (nodeCount < 1 || sessionCount < 0) {
            throw in.bad("impossible counts: " + nodeCount + " znodes, " + sessionCount + " sessions");
        }
        visitor.header(lastZxid, digest, nodeCount, sessionCount);
        List<List<Acl>> acls = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            String path = in.getString();
            visitor.node(path, readNode(in, acls));
        }
        for (int i = 0; i < sessionCount; i++) {
            long id = in.getLong();
            int timeoutMs = in.getInt();
            byte[] passwd = in.getBytes(SnapshotInput.STRING_BYTES_MAX);
            visitor.session(new SessionInfo(id, timeoutMs, passwd));
        }
        if (in.getInt() != END_MAGIC) {
            throw in.bad("bad end marker");
        }
        if (!in.atEnd()) {
            throw in.bad("bytes after the end marker");
        }
    }

    private static Znode readNode(SnapshotInput in, List<List<Acl>> acls) {
        byte[] data = in.getBytes(SnapshotInput.DATA_BYTES_MAX);
        int ref = in.getInt();
        List<Acl> acl;
        if (ref == -1) {
            acl = readAclList(in);
            acls.add(acl);
        } else if (ref >= 0 && ref < acls.size()) {
            acl = acls.get(ref);
        } else {
            throw in.bad("ACL reference " + ref + " out of range");
        }
        return new Znode(data, acl, in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getInt(), in.getInt(),
                in.getInt(), in.getLong(), in.getLong(), in.getInt());
    }

    private static List<Acl> readAclList(SnapshotInput in) {
        int count = in.getInt();
        if (count < 0 || count > ACL_COUNT_MAX) {
            throw in.bad("impossible ACL count " + count);
        }
        List<Acl> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int perms = in.getInt();
            list.add(new Acl(perms, new Id(in.getString(), in.getString())));
        }
        return TreeEdit.ownAcl(list);
    }
}
