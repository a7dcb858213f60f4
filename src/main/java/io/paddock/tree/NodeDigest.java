package io.paddock.tree;

import io.paddock.model.Acl;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The 64-bit hash of one znode that the tree digest sums (ZooKeeper's digest idea: the tree
 * digest is the sum, mod 2^64, of per-node hashes, so it can be kept up to date incrementally).
 *
 * <p>A node's hash is the sum of three terms, each seeded with a 64-bit hash of the path:
 * a stat term (every stored stat field: czxid, mzxid, ctime, mtime, version, internal cversion,
 * aversion, stored ephemeralOwner, pzxid, numChildren), a data term and an ACL term. Splitting
 * it this way lets the tree update a parent's hash on every child create/delete without
 * rehashing the parent's (possibly megabyte-sized) data: {@link #delta} skips the data and ACL
 * terms when the old and new node share the same array or list. The definition is fixed and
 * independent of JVM hash codes, so two replicas with equal trees have equal digests.
 */
final class NodeDigest {
    private NodeDigest() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;
    private static final long NULL_DATA = 0x5bd1e9955bd1e995L;

    /** SplitMix64's finalizer (Stafford variant 13): a bijective avalanche of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hashString(long seed, String s) {
        long h = seed ^ (s.length() * K2);
        int i = 0;
        int n = s.length();
        for (; i + 4 <= n; i += 4) {
            long word = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
                    | ((long) s.charAt(i + 3) << 48);
            h = Long.rotateLeft(h ^ (word * K1), 31) * K2;
        }
        for (; i < n; i++) {
            h = Long.rotateLeft(h ^ (s.charAt(i) * K1), 31) * K2;
        }
        return mix(h);
    }

    static long pathHash(String path) {
        return hashString(0x1234_5678_9ABC_DEF1L, path);
    }

    static long statTerm(long pathHash, Znode n) {
        long h = pathHash ^ 0x51A7L;
        h = mix(h + n.czxid() * K1);
        h = mix(h + n.mzxid() * K1);
        h = mix(h + n.ctime() * K1);
        h = mix(h + n.mtime() * K1);
        h = mix(h + n.ephemeralOwner() * K1);
        h = mix(h + n.pzxid() * K1);
        h = mix(h + (((long) n.version() << 32) | (n.cversion() & 0xffffffffL)));
        return mix(h + (((long) n.aversion() << 32) | (n.numChildren() & 0xffffffffL)));
    }

    static long dataTerm(long pathHash, byte[] data) {
        if (data == null) {
            return mix(pathHash ^ NULL_DATA);
        }
        long h = (pathHash + 0xDA7AL) ^ (data.length * K2);
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            long word = (long) LONGS.get(data, i);
            h = Long.rotateLeft(h ^ (word * K1), 31) * K2;
        }
        for (; i < data.length; i++) {
            h = Long.rotateLeft(h ^ ((data[i] & 0xffL) * K1), 31) * K2;
        }
        return mix(h);
    }

    static long aclTerm(long pathHash, List<Acl> acl) {
        long h = pathHash + 0xAC1L;
        for (int i = 0; i < acl.size(); i++) {
            Acl a = acl.get(i);
            h = mix(h + a.perms());
            h = hashString(h, a.id().scheme());
            h = hashString(h, a.id().id());
        }
        return mix(h + acl.size());
    }

    /** The full hash of a node. */
    static long of(String path, Znode n) {
        long p = pathHash(path);
        return statTerm(p, n) + dataTerm(p, n.data()) + aclTerm(p, n.acl());
    }

    /** hash(after) - hash(before) for the same path, skipping terms whose inputs are the same objects. */
    static long delta(String path, Znode before, Znode after) {
        long p = pathHash(path);
        long d = statTerm(p, after) - statTerm(p, before);
        if (before.data() != after.data()) {
            d += dataTerm(p, after.data()) - dataTerm(p, before.data());
        }
        if (before.acl() != after.acl()) {
            d += aclTerm(p, after.acl()) - aclTerm(p, before.acl());
        }
        return d;
    }
}
