package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** A snapshot body rebuilds the same tree (every stat, ACL, session, index and the digest), and damage is caught. */
class TreeSnapshotProperties {

    static byte[] bytesOf(DataTree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = TreeSnapshot.write(tree, out::write);
        assertThat(written).isEqualTo(out.size());
        return out.toByteArray();
    }

    /** A source that hands out at most {@code chunk} bytes per call, to exercise buffer refills. */
    static ByteSource sourceOf(byte[] bytes, int chunk) {
        int[] at = {0};
        return (b, off, len) -> {
            if (at[0] >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at[0]);
            System.arraycopy(bytes, at[0], b, off, n);
            at[0] += n;
            return n;
        };
    }

    static DataTree randomTree(long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        DataTree tree = DataTree.empty();
        for (int step = 0; step < steps; step++) {
            Txn txn = DataTreeProperties.randomTxn(tree, random, 3 * step);
            tree = tree.apply(new TxnEntry(step + 1, 1, step, 5000 + step, txn)).tree();
        }
        return tree;
    }

    @Property(tries = 150)
    void roundTripRebuildsTheSameTree(@ForAll long seed) {
        DataTree tree = randomTree(seed, 150);
        byte[] body = bytesOf(tree);
        DataTree loaded = TreeSnapshot.read(sourceOf(body, 1 + (int) Math.floorMod(seed, 70_000L)), "snap.test");
        assertSameTree(loaded, tree);
        // The loaded tree keeps working: the same txns give the same digests on both.
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED);
        DataTree a = tree;
        DataTree b = loaded;
        for (int step = 0; step < 40; step++) {
            Txn txn = DataTreeProperties.randomTxn(a, random, 100_000 + 3 * step);
            TxnEntry entry = new TxnEntry(tree.lastZxid() + step + 1, 1, step, 9000 + step, txn);
            a = a.apply(entry).tree();
            b = b.apply(entry).tree();
            assertThat(b.digest()).isEqualTo(a.digest()).isEqualTo(b.computeDigest());
        }
        assertSameTree(b, a);
    }

    /** Recovery's replay: an editable run onto a loaded snapshot ends in the ordinary result, and the snapshot's tree stays as loaded. */
    @Property(tries = 100)
    void editableReplayOnALoadedSnapshotEqualsOrdinaryReplay(@ForAll long seed) {
        byte[] body = bytesOf(randomTree(seed, 150));
        DataTree loaded = TreeSnapshot.read(sourceOf(body, 4096), "snap.test");
        SplittableRandom random = new SplittableRandom(seed ^ 0xED17);
        DataTree ordinary = loaded;
        DataTree edited = loaded.editable();
        for (int step = 0; step < 200; step++) {
            Txn txn = DataTreeProperties.randomTxn(ordinary, random, 100_000 + 3 * step);
            TxnEntry entry = new TxnEntry(loaded.lastZxid() + step + 1, 1, step, 9000 + step, txn);
            ordinary = ordinary.apply(entry).tree();
            edited = edited.apply(entry).tree();
        }
        assertSameTree(edited.frozen(), ordinary);
        assertSameTree(loaded, TreeSnapshot.read(sourceOf(body, 4096), "snap.test"));
    }

    /** The loader takes znodes in any order after / (the writer's trie order, an older breadth-first one, shuffled). */
    @Property(tries = 100)
    void loaderAcceptsZnodesInAnyOrderAfterTheRoot(@ForAll long seed) {
        DataTree tree = randomTree(seed, 150);
        List<String> paths = new ArrayList<>();
        tree.forEachNode((path, node) -> {
            if (!path.equals("/")) {
                paths.add(path);
            }
        });
        java.util.Collections.shuffle(paths, new java.util.Random(seed));
        TreeBuilder builder = new TreeBuilder("shuffled");
        builder.header(tree.lastZxid(), tree.digest(), tree.nodeCount(), tree.sessionCount());
        builder.node("/", tree.node("/"));
        paths.forEach(path -> builder.node(path, tree.node(path)));
        tree.sessions().forEach(builder::session);
        assertSameTree(builder.build(), tree);
    }

    static void assertSameTree(DataTree loaded, DataTree tree) {
        assertThat(loaded.lastZxid()).isEqualTo(tree.lastZxid());
        assertThat(loaded.digest()).isEqualTo(tree.digest()).isEqualTo(loaded.computeDigest());
        assertThat(loaded.nodeCount()).isEqualTo(tree.nodeCount());
        assertThat(loaded.approximateDataSize()).isEqualTo(tree.approximateDataSize());
        assertThat(loaded.ephemeralCount()).isEqualTo(tree.ephemeralCount());
        tree.forEachNode((path, node) -> {
            Znode other = loaded.node(path);
            assertThat(other).as(path).isNotNull();
            assertThat(other.data()).as(path).isEqualTo(node.data());
            assertThat(other.acl()).as(path).isEqualTo(node.acl());
            assertThat(Arrays.asList(other.czxid(), other.mzxid(), other.ctime(), other.mtime(), other.ephemeralOwner(),
                    other.pzxid())).isEqualTo(Arrays.asList(node.czxid(), node.mzxid(), node.ctime(), node.mtime(),
                    node.ephemeralOwner(), node.pzxid()));
            assertThat(List.of(other.version(), other.cversion(), other.aversion(), other.numChildren()))
                    .isEqualTo(List.of(node.version(), node.cversion(), node.aversion(), node.numChildren()));
            assertThat(new HashSet<>(loaded.childNames(path))).isEqualTo(new HashSet<>(tree.childNames(path)));
        });
        assertThat(loaded.sessionCount()).isEqualTo(tree.sessionCount());
        for (SessionInfo s : tree.sessions()) {
            SessionInfo other = loaded.session(s.sessionId());
            assertThat(other.timeoutMs()).isEqualTo(s.timeoutMs());
            assertThat(other.passwd()).isEqualTo(s.passwd());
            assertThat(new HashSet<>(loaded.ephemeralsOf(s.sessionId())))
                    .isEqualTo(new HashSet<>(tree.ephemeralsOf(s.sessionId())));
        }
        assertThat(new HashSet<>(loaded.reapable(Long.MAX_VALUE / 2, 1000)))
                .isEqualTo(new HashSet<>(tree.reapable(Long.MAX_VALUE / 2, 1000)));
    }

    private static DataTree smallTree() {
        DataTree tree = DataTree.empty();
        List<Txn> txns = new ArrayList<>();
        txns.add(new Txn.CreateSession(7, 3000, new byte[] {1, 2, 3}));
        txns.add(new Txn.Create("/a", "x".getBytes(), Acl.OPEN_ACL_UNSAFE, 0));
        txns.add(new Txn.Create("/a/e", null, List.of(new Acl(Perms.READ, new Id("ip", "10.0.0.1"))), 7));
        txns.add(new Txn.Create("/c", new byte[0], Acl.READ_ACL_UNSAFE, EphemeralOwner.CONTAINER));
        for (int i = 0; i < txns.size(); i++) {
            tree = tree.apply(new TxnEntry(i + 1, 7, i, 100 + i, txns.get(i))).tree();
        }
        return tree;
    }

    @Test
    void storedDigestMismatchNamesTheSnapshot() {
        byte[] body = bytesOf(smallTree());
        body[16] ^= 1; // the digest field: magic(4) version(4) lastZxid(8) digest(8)
        assertThatThrownBy(() -> TreeSnapshot.read(sourceOf(body, 1000), "snapshot.00000000000000ff"))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("snapshot.00000000000000ff").hasMessageContaining("digest mismatch");
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] body = bytesOf(smallTree());
        for (int cut = 0; cut < body.length; cut++) {
            byte[] shorter = Arrays.copyOf(body, cut);
            assertThatThrownBy(() -> TreeSnapshot.read(sourceOf(shorter, 7), "s"))
                    .as("cut at %d", cut).isInstanceOf(SnapshotFormatException.class);
        }
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> TreeSnapshot.read(sourceOf(longer, 7), "s")).hasMessageContaining("after the end");
    }

    @Test
    void flippedNodeBytesAreCaughtByStructureOrDigest() {
        byte[] body = bytesOf(smallTree());
        int sessionsStart = body.length - 4 - (8 + 4 + 4 + 3); // sessions are not covered by the digest
        for (int i = 32; i < sessionsStart; i++) {
            byte[] damaged = body.clone();
            damaged[i] ^= 0x10;
            assertThatThrownBy(() -> TreeSnapshot.read(sourceOf(damaged, 64), "s")).as("flip at %d", i)
                    .isInstanceOf(SnapshotFormatException.class);
        }
    }
}
