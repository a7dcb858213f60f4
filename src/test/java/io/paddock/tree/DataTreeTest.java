package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.Applied;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTreeTest {
    static final long S1 = 0x1000_0000_0000_0001L;
    static final long S2 = 0x1000_0000_0000_0002L;

    private DataTree tree = DataTree.empty();
    private long zxid = 0x100;

    private Applied apply(Txn txn) {
        zxid++;
        DataTree.Result result = tree.apply(new TxnEntry(zxid, S1, 1, 1000 + zxid, txn));
        assertThat(result.tree().lastZxid()).isEqualTo(zxid);
        assertThat(result.tree().digest()).isEqualTo(result.tree().computeDigest());
        tree = result.tree();
        return result.applied();
    }

    private static Txn.Create create(String path, long owner) {
        return new Txn.Create(path, path.getBytes(), Acl.OPEN_ACL_UNSAFE, owner);
    }

    private Stat stat(String path) {
        return tree.node(path).stat();
    }

    @Test
    void builtInsHaveZeroStatsAndNegativeVisibleCversions() {
        assertThat(tree.nodeCount()).isEqualTo(4);
        assertThat(stat("/")).isEqualTo(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0));
        assertThat(stat("/zookeeper")).isEqualTo(new Stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0));
        assertThat(stat("/zookeeper/quota")).isEqualTo(new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(tree.node("/zookeeper/config").acl()).containsExactly(new Acl(Perms.READ, Id.ANYONE));
        assertThat(tree.node("/zookeeper").acl()).containsExactly(new Acl(Perms.ALL, Id.ANYONE));
        assertThat(tree.node("/").data()).isEmpty();
        assertThat(tree.childNames("/")).containsExactly("zookeeper");
        assertThat(tree.childNames("/zookeeper")).containsExactlyInAnyOrder("quota", "config");
        assertThat(tree.allChildrenNumber("/")).isEqualTo(3);
        assertThat(tree.allChildrenNumber("/zookeeper")).isEqualTo(2);
        assertThat(tree.lastZxid()).isZero();
        assertThat(tree.digest()).isEqualTo(tree.computeDigest());
        assertThat(tree.approximateDataSize()).isEqualTo(1 + 10 + 16 + 17);
    }

    @Test
    void createSetsStatUpdatesParentAndFiresEvents() {
        Applied a = apply(create("/a", 0));
        long z = zxid;
        assertThat(a.err()).isZero();
        Stat expected = new Stat(z, z, 1000 + z, 1000 + z, 0, 0, 0, 0, 2, 0, z);
        assertThat(a.response()).isEqualTo(new Response.Created("/a", expected));
        assertThat(stat("/a")).isEqualTo(expected);
        assertThat(a.events()).containsExactly(new WatchEvent(EventType.NODE_CREATED, "/a"),
                new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/"));
        Stat root = stat("/");
        assertThat(root.cversion()).isEqualTo(0);
        assertThat(root.numChildren()).isEqualTo(2);
        assertThat(root.pzxid()).isEqualTo(z);
        assertThat(root.mzxid()).isZero();
        assertThat(tree.node("/").cversion()).isEqualTo(1);
        assertThat(tree.nodeCount()).isEqualTo(5);
        assertThat(tree.approximateDataSize()).isEqualTo(44 + 2 + 2);
        assertThat(tree.childNames("/")).containsExactlyInAnyOrder("zookeeper", "a");
    }

    @Test
    void deleteBumpsVisibleCversionAndPzxidButNotInternalCversion() {
        apply(create("/a", 0));
        apply(create("/a/b", 0));
        Applied a = apply(new Txn.Delete("/a/b"));
        assertThat(a.response()).isEqualTo(Response.Empty.INSTANCE);
        assertThat(a.events()).containsExactly(new WatchEvent(EventType.NODE_DELETED, "/a/b"),
                new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/a"));
        assertThat(tree.node("/a/b")).isNull();
        assertThat(tree.node("/a").cversion()).isEqualTo(1);
        Stat parent = stat("/a");
        assertThat(parent.cversion()).isEqualTo(2);
        assertThat(parent.numChildren()).isZero();
        assertThat(parent.pzxid()).isEqualTo(zxid);
        assertThat(tree.childNames("/a")).isEmpty();
        assertThat(tree.nodeCount()).isEqualTo(5);
        assertThat(tree.approximateDataSize()).isEqualTo(44 + 4);
    }

    @Test
    void setDataAndSetAclUseVersionsFromTheTxn() {
        apply(create("/a", 0));
        long created = zxid;
        Applied set = apply(new Txn.SetData("/a", new byte[] {1, 2, 3}, 7));
        Stat afterSet = new Stat(created, zxid, 1000 + created, 1000 + zxid, 7, 0, 0, 0, 3, 0, created);
        assertThat(set.response()).isEqualTo(new Response.StatOnly(afterSet));
        assertThat(set.events()).containsExactly(new WatchEvent(EventType.NODE_DATA_CHANGED, "/a"));
        assertThat(tree.node("/a").data()).containsExactly(1, 2, 3);
        long setZxid = zxid;
        List<Acl> mutable = new ArrayList<>(List.of(new Acl(Perms.READ, new Id("digest", "u:h"))));
        Applied acl = apply(new Txn.SetAcl("/a", mutable, 4));
        mutable.clear();
        assertThat(acl.events()).isEmpty();
        assertThat(acl.response()).isEqualTo(new Response.StatOnly(
                new Stat(created, setZxid, 1000 + created, 1000 + setZxid, 7, 0, 4, 0, 3, 0, created)));
        assertThat(tree.node("/a").acl()).containsExactly(new Acl(Perms.READ, new Id("digest", "u:h")));
    }

    @Test
    void ownerEncodingsAndIndexes() {
        apply(new Txn.CreateSession(S1, 30000, new byte[16]));
        apply(create("/e", S1));
        apply(create("/c", EphemeralOwner.CONTAINER));
        apply(create("/t", EphemeralOwner.ttl(500)));
        assertThat(stat("/e").ephemeralOwner()).isEqualTo(S1);
        assertThat(stat("/c").ephemeralOwner()).isZero();
        assertThat(stat("/t").ephemeralOwner()).isZero();
        assertThat(tree.ephemeralsOf(S1)).containsExactly("/e");
        assertThat(tree.ephemeralCount()).isEqualTo(1);
        assertThat(tree.containers).containsExactly("/c");
        assertThat(tree.ttls).containsExactly("/t");
        apply(new Txn.Delete("/c"));
        apply(new Txn.Delete("/t"));
        apply(new Txn.Delete("/e"));
        assertThat(tree.containers).isEmpty();
        assertThat(tree.ttls).isEmpty();
        assertThat(tree.ephemeralsOf(S1)).isEmpty();
        assertThat(tree.ephemeralCount()).isZero();
    }

    @Test
    void errorTxnChangesNothingButZxid() {
        DataTree before = tree;
        Applied a = apply(new Txn.Error(ErrorCode.NODEEXISTS));
        assertThat(a.err()).isEqualTo(ErrorCode.NODEEXISTS);
        assertThat(a.response()).isNull();
        assertThat(a.events()).isEmpty();
        assertThat(tree.digest()).isEqualTo(before.digest());
        assertThat(tree.nodeCount()).isEqualTo(before.nodeCount());
    }

    @Test
    void successfulMultiAppliesInOrderWithResultsAndEvents() {
        apply(create("/x", 0));
        Applied a = apply(new Txn.Multi(List.of(create("/a", 0), create("/a/b", 0),
                new Txn.SetData("/a", new byte[0], 1), new Txn.Check("/a/b"), new Txn.Delete("/x"))));
        long z = zxid;
        assertThat(a.err()).isZero();
        List<Response.OpResult> results = ((Response.MultiResult) a.response()).results();
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).isEqualTo(new Response.OpResult(15, 0,
                new Response.Created("/a", new Stat(z, z, 1000 + z, 1000 + z, 0, 0, 0, 0, 2, 0, z))));
        assertThat(results.get(1).type()).isEqualTo(15);
        assertThat(results.get(2)).isEqualTo(new Response.OpResult(5, 0, new Response.StatOnly(
                new Stat(z, z, 1000 + z, 1000 + z, 1, 1, 0, 0, 0, 1, z))));
        assertThat(results.get(3)).isEqualTo(new Response.OpResult(13, 0, null));
        assertThat(results.get(4)).isEqualTo(new Response.OpResult(2, 0, null));
        assertThat(a.events()).containsExactly(
                new WatchEvent(EventType.NODE_CREATED, "/a"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/"),
                new WatchEvent(EventType.NODE_CREATED, "/a/b"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/a"),
                new WatchEvent(EventType.NODE_DATA_CHANGED, "/a"),
                new WatchEvent(EventType.NODE_DELETED, "/x"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/"));
        assertThat(tree.node("/x")).isNull();
        assertThat(stat("/").cversion()).isEqualTo(2 * 2 - 2);
    }

    @Test
    void failedMultiChangesNothingAndReportsErrorResults() {
        DataTree before = tree;
        Applied a = apply(new Txn.Multi(List.of(new Txn.Error(0), new Txn.Error(ErrorCode.NONODE),
                new Txn.Error(ErrorCode.RUNTIMEINCONSISTENCY))));
        assertThat(a.err()).isZero();
        assertThat(a.events()).isEmpty();
        assertThat(((Response.MultiResult) a.response()).results()).containsExactly(
                new Response.OpResult(-1, 0, new Response.ErrorBody(0)),
                new Response.OpResult(-1, ErrorCode.NONODE, new Response.ErrorBody(ErrorCode.NONODE)),
                new Response.OpResult(-1, -2, new Response.ErrorBody(-2)));
        assertThat(tree.nodes).isSameAs(before.nodes);
        assertThat(tree.digest()).isEqualTo(before.digest());
    }

    @Test
    void closeSessionDeletesEphemeralsInPathOrder() {
        apply(new Txn.CreateSession(S1, 30000, new byte[16]));
        apply(new Txn.CreateSession(S2, 30000, new byte[16]));
        apply(create("/p", 0));
        apply(create("/p/z", S1));
        apply(create("/p/a", S1));
        apply(create("/q", S1));
        apply(create("/p/other", S2));
        assertThat(tree.sessionCount()).isEqualTo(2);
        Applied a = apply(new Txn.CloseSession(S1));
        assertThat(a.response()).isEqualTo(Response.Empty.INSTANCE);
        assertThat(a.events()).containsExactly(
                new WatchEvent(EventType.NODE_DELETED, "/p/a"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/p"),
                new WatchEvent(EventType.NODE_DELETED, "/p/z"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/p"),
                new WatchEvent(EventType.NODE_DELETED, "/q"), new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/"));
        assertThat(stat("/p").pzxid()).isEqualTo(zxid);
        assertThat(stat("/p").cversion()).isEqualTo(5);
        assertThat(stat("/").pzxid()).isEqualTo(zxid);
        assertThat(tree.session(S1)).isNull();
        assertThat(tree.session(S2)).isNotNull();
        assertThat(tree.sessions()).extracting(SessionInfo::sessionId).containsExactly(S2);
        assertThat(tree.ephemeralsOf(S1)).isEmpty();
        assertThat(tree.ephemeralCount()).isEqualTo(1);
        Applied unknown = apply(new Txn.CloseSession(0x77));
        assertThat(unknown.events()).isEmpty();
        assertThat(tree.sessionCount()).isEqualTo(1);
    }

    @Test
    void oldVersionsAreUnchangedAfterApply() {
        apply(create("/a", 0));
        DataTree old = tree;
        long oldDigest = old.digest();
        Stat oldRoot = old.node("/").stat();
        apply(create("/a/b", 0));
        apply(new Txn.SetData("/a", new byte[] {9}, 1));
        apply(new Txn.Delete("/a/b"));
        apply(new Txn.CreateSession(S1, 1, new byte[16]));
        assertThat(old.node("/a").data()).isEqualTo("/a".getBytes());
        assertThat(old.node("/a").stat().numChildren()).isZero();
        assertThat(old.node("/").stat()).isEqualTo(oldRoot);
        assertThat(old.childNames("/a")).isEmpty();
        assertThat(old.session(S1)).isNull();
        assertThat(old.digest()).isEqualTo(oldDigest).isEqualTo(old.computeDigest());
        assertThat(old.lastZxid()).isEqualTo(0x101);
    }

    @Test
    void impossibleTxnsAndOldZxidsAreProgrammerErrors() {
        apply(create("/a", 0));
        assertThatThrownBy(() -> apply(create("/a", 0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> apply(create("/m/x", 0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> apply(new Txn.Delete("/nope"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tree.apply(new TxnEntry(tree.lastZxid(), 0, 0, 0, new Txn.Check("/a"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void treeDoesNotRetainTheCallersAclList() {
        List<Acl> acl = new ArrayList<>(List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.1"))));
        apply(new Txn.Create("/a", null, acl, 0));
        acl.add(new Acl(Perms.READ, Id.ANYONE));
        assertThat(tree.node("/a").acl()).hasSize(1);
        assertThat(stat("/a").dataLength()).isZero();
        apply(new Txn.Create("/b", null, new ArrayList<>(Acl.OPEN_ACL_UNSAFE), 0));
        assertThat(tree.node("/b").acl()).isSameAs(Acl.OPEN_ACL_UNSAFE);
    }

    @Test
    void reapableFindsUsedEmptyContainersAndExpiredTtls() {
        apply(create("/c1", EphemeralOwner.CONTAINER));
        apply(create("/c2", EphemeralOwner.CONTAINER));
        apply(create("/c1/x", 0));
        apply(create("/c2/x", 0));
        apply(new Txn.Delete("/c1/x"));
        apply(create("/never", EphemeralOwner.CONTAINER));
        apply(create("/t", EphemeralOwner.ttl(100)));
        long tMtime = tree.node("/t").mtime();
        assertThat(tree.reapable(tMtime + 100, 10)).containsExactly("/c1");
        assertThat(tree.reapable(tMtime + 101, 10)).containsExactlyInAnyOrder("/c1", "/t");
        assertThat(tree.reapable(tMtime + 101, 1)).hasSize(1);
        apply(create("/t/child", 0));
        assertThat(tree.reapable(tMtime + 10_000, 10)).containsExactly("/c1");
    }

    @Test
    void allChildrenNumberCountsDescendants() {
        apply(create("/a", 0));
        apply(create("/a/b", 0));
        apply(create("/a/b/c", 0));
        apply(create("/a/d", 0));
        apply(create("/ab", 0));
        assertThat(tree.allChildrenNumber("/a")).isEqualTo(3);
        assertThat(tree.allChildrenNumber("/a/b")).isEqualTo(1);
        assertThat(tree.allChildrenNumber("/a/d")).isZero();
        assertThat(tree.allChildrenNumber("/")).isEqualTo(8);
        assertThat(tree.allChildrenNumber("/missing")).isZero();
        List<String> visited = new ArrayList<>();
        tree.forEachNode((path, node) -> visited.add(path));
        assertThat(visited).hasSize(9).contains("/a/b/c", "/zookeeper/config");
    }
}
