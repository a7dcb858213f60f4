package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random valid txn sequences keep every incrementally maintained figure equal to a recomputation. */
class DataTreeProperties {
    private static final List<String> BUILT_INS = List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    @Property(tries = 150)
    void incrementalDigestAndCountersMatchRecomputation(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DataTree tree = DataTree.empty();
        List<DataTree> history = new ArrayList<>();
        List<Long> historyDigests = new ArrayList<>();
        long zxid = 0;
        int nextName = 0;
        for (int step = 0; step < 120; step++) {
            Txn txn = randomTxn(tree, random, nextName);
            nextName += 3;
            tree = tree.apply(new TxnEntry(++zxid, 1, step, 5000 + step, txn)).tree();
            assertThat(tree.digest()).isEqualTo(tree.computeDigest());
            if (step % 10 == 0) {
                history.add(tree);
                historyDigests.add(tree.digest());
            }
        }
        assertConsistent(tree);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).computeDigest()).isEqualTo(historyDigests.get(i));
        }
    }

    private static void assertConsistent(DataTree tree) {
        long[] size = new long[1];
        int[] ephemerals = new int[1];
        Map<String, Integer> childCounts = new HashMap<>();
        tree.forEachNode((path, node) -> {
            size[0] += path.length() + (node.data() == null ? 0 : node.data().length);
            if (EphemeralOwner.isEphemeral(node.ephemeralOwner())) {
                ephemerals[0]++;
                assertThat(tree.ephemeralsOf(node.ephemeralOwner())).contains(path);
            }
            if (!path.equals("/")) {
                childCounts.merge(TreeEdit.parentOf(path), 1, Integer::sum);
            }
        });
        assertThat(tree.approximateDataSize()).isEqualTo(size[0]);
        assertThat(tree.ephemeralCount()).isEqualTo(ephemerals[0]);
        tree.forEachNode((path, node) -> {
            assertThat(node.numChildren()).isEqualTo(childCounts.getOrDefault(path, 0));
            assertThat(tree.childNames(path)).hasSize(node.numChildren());
        });
    }

    private static List<String> paths(DataTree tree) {
        List<String> out = new ArrayList<>();
        tree.forEachNode((path, node) -> out.add(path));
        out.sort(null);
        return out;
    }

    static Txn randomTxn(DataTree tree, SplittableRandom random, int name) {
        List<String> all = paths(tree);
        int kind = random.nextInt(8);
        if (kind == 0) {
            List<Txn> ops = new ArrayList<>();
            String parent = pickParent(tree, all, random);
            String a = child(parent, "m" + name);
            ops.add(create(a, 0, random));
            ops.add(create(a + "/n", 0, random));
            ops.add(new Txn.SetData(a, bytes(random), 1));
            ops.add(new Txn.Delete(a + "/n"));
            return new Txn.Multi(ops);
        }
        if (kind == 1) {
            long session = 1 + random.nextInt(3);
            return tree.session(session) == null ? new Txn.CreateSession(session, 1000, new byte[16])
                    : new Txn.CloseSession(session);
        }
        String target = all.get(random.nextInt(all.size()));
        if (kind == 2 && !BUILT_INS.contains(target) && tree.node(target).numChildren() == 0) {
            return new Txn.Delete(target);
        }
        if (kind == 3) {
            return new Txn.SetData(target, bytes(random), tree.node(target).version() + 1);
        }
        if (kind == 4) {
            return new Txn.SetAcl(target, List.of(new Acl(Perms.READ, new Id("digest", "u" + random.nextInt(5) + ":h"))),
                    tree.node(target).aversion() + 1);
        }
        String parent = pickParent(tree, all, random);
        long[] owners = {0, 0, 1, 2, 3, EphemeralOwner.CONTAINER, EphemeralOwner.ttl(100)};
        return create(child(parent, "n" + name), owners[random.nextInt(owners.length)], random);
    }

    private static String pickParent(DataTree tree, List<String> all, SplittableRandom random) {
        for (int i = 0; i < 10; i++) {
            String p = all.get(random.nextInt(all.size()));
            if (!EphemeralOwner.isEphemeral(tree.node(p).ephemeralOwner())) {
                return p;
            }
        }
        return "/";
    }

    private static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    private static Txn.Create create(String path, long owner, SplittableRandom random) {
        return new Txn.Create(path, bytes(random), Acl.OPEN_ACL_UNSAFE, owner);
    }

    private static byte[] bytes(SplittableRandom random) {
        int n = random.nextInt(4) == 0 ? -1 : random.nextInt(40);
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
