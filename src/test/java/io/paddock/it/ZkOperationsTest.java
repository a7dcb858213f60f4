package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client operation of the official ZooKeeper 3.9.5 Java client against one in-JVM node. */
class ZkOperationsTest {
    @TempDir
    static Path dir;
    static TestNode node;
    static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, Map.of("extended-types-enabled", "true"));
        zk = node.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void builtInNodesLookLikeZooKeeper() throws Exception {
        assertThat(zk.getChildren("/", false)).contains("zookeeper");
        assertThat(TestNode.sorted(zk.getChildren("/zookeeper", false))).containsExactly("config", "quota");
        Stat stat = zk.exists("/zookeeper", false);
        assertThat(stat.getCversion()).isEqualTo(-2);
        assertThat(stat.getCzxid()).isZero();
        assertThat(zk.getACL("/zookeeper/config", new Stat())).containsExactly(
                new org.apache.zookeeper.data.ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    }

    @Test
    void createGetSetDeleteWithStats() throws Exception {
        Stat created = new Stat();
        String path = zk.create("/crud", bytes("v0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        assertThat(path).isEqualTo("/crud");
        assertThat(created.getVersion()).isZero();
        assertThat(created.getCzxid()).isEqualTo(created.getMzxid()).isEqualTo(created.getPzxid());
        assertThat(created.getDataLength()).isEqualTo(2);
        assertThat(created.getEphemeralOwner()).isZero();

        Stat read = new Stat();
        assertThat(zk.getData("/crud", false, read)).isEqualTo(bytes("v0"));
        assertThat(read).isEqualTo(created);

        Stat set = zk.setData("/crud", bytes("v1"), 0);
        assertThat(set.getVersion()).isEqualTo(1);
        assertThat(set.getMzxid()).isGreaterThan(created.getMzxid());
        assertThatThrownBy(() -> zk.setData("/crud", bytes("v2"), 0)).isInstanceOf(KeeperException.BadVersionException.class);
        assertThat(zk.setData("/crud", bytes("v1"), -1).getVersion()).isEqualTo(2);

        assertThatThrownBy(() -> zk.create("/crud", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class);
        assertThatThrownBy(() -> zk.create("/nope/child", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoNodeException.class);
        zk.create("/crud/child", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThatThrownBy(() -> zk.delete("/crud", -1)).isInstanceOf(KeeperException.NotEmptyException.class);
        assertThatThrownBy(() -> zk.delete("/crud/child", 7)).isInstanceOf(KeeperException.BadVersionException.class);
        zk.delete("/crud/child", 0);
        Stat parent = zk.exists("/crud", false);
        assertThat(parent.getNumChildren()).isZero();
        assertThat(parent.getCversion()).isEqualTo(2);
        zk.delete("/crud", -1);
        assertThat(zk.exists("/crud", false)).isNull();
        assertThatThrownBy(() -> zk.getData("/crud", false, null)).isInstanceOf(KeeperException.NoNodeException.class);
        assertThatThrownBy(() -> zk.delete("/zookeeper", -1)).isInstanceOf(KeeperException.BadArgumentsException.class);
    }

    @Test
    void sequentialSuffixesComeFromTheParentCversion() throws Exception {
        zk.create("/seq", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/seq/plain", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        String first = zk.create("/seq/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        String second = zk.create("/seq/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertThat(first).isEqualTo("/seq/n-0000000001");
        assertThat(second).isEqualTo("/seq/n-0000000002");
        zk.delete(first, -1);
        assertThat(zk.create("/seq/", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
                .isEqualTo("/seq/0000000003");
    }

    @Test
    void ephemeralsCannotHaveChildrenAndReportTheirOwner() throws Exception {
        Stat stat = new Stat();
        zk.create("/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
        assertThat(stat.getEphemeralOwner()).isEqualTo(zk.getSessionId());
        assertThatThrownBy(() -> zk.create("/eph/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoChildrenForEphemeralsException.class);
        assertThat(zk.getEphemerals("/eph")).containsExactly("/eph");
        zk.delete("/eph", -1);
    }

    @Test
    void childrenCountsAndChildren2() throws Exception {
        zk.create("/kids", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String name : List.of("a", "b", "c")) {
            zk.create("/kids/" + name, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        zk.create("/kids/a/deep", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        assertThat(TestNode.sorted(zk.getChildren("/kids", false, stat))).containsExactly("a", "b", "c");
        assertThat(stat.getNumChildren()).isEqualTo(3);
        assertThat(zk.getAllChildrenNumber("/kids")).isEqualTo(4);
        assertThatThrownBy(() -> zk.getChildren("/missing", false)).isInstanceOf(KeeperException.NoNodeException.class);
    }

    @Test
    void containersAreReapedOnceEmptied() throws Exception {
        zk.create("/box", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create("/box/item", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(zk.exists("/box", false).getEphemeralOwner()).isZero();
        zk.delete("/box/item", -1);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> zk.exists("/box", false) == null);
        zk.create("/never-used-box", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create("/marker", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.create("/marker/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.delete("/marker/x", -1);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> zk.exists("/marker", false) == null);
        assertThat(zk.exists("/never-used-box", false)).isNotNull();
    }

    @Test
    void ttlNodesExpireWhenChildlessAndIdle() throws Exception {
        Stat stat = new Stat();
        zk.create("/ttl", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, stat, 300);
        assertThat(stat.getEphemeralOwner()).isZero();
        String seq = zk.create("/ttl-seq-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, stat, 300);
        assertThat(seq).startsWith("/ttl-seq-00000");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> zk.exists("/ttl", false) == null
                && zk.exists(seq, false) == null);
        // The Java client checks the TTL range itself; the server's BADARGUMENTS is in the raw-socket tests.
        assertThatThrownBy(() -> zk.create("/ttl-bad", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_WITH_TTL, new Stat(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multiAppliesAllOrNothing() throws Exception {
        List<OpResult> results = zk.multi(List.of(
                Op.create("/m", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/m/a", bytes("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/m/a", bytes("y"), 0),
                Op.check("/m", 0)));
        assertThat(results).hasSize(4);
        assertThat(((OpResult.CreateResult) results.get(1)).getPath()).isEqualTo("/m/a");
        assertThat(((OpResult.SetDataResult) results.get(2)).getStat().getVersion()).isEqualTo(1);

        assertThatThrownBy(() -> zk.multi(List.of(
                Op.create("/m/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete("/m/a", 5),
                Op.create("/m/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))))
                .isInstanceOfSatisfying(KeeperException.BadVersionException.class, e -> {
                    List<OpResult> r = e.getResults();
                    assertThat(((OpResult.ErrorResult) r.get(0)).getErr()).isZero();
                    assertThat(((OpResult.ErrorResult) r.get(1)).getErr()).isEqualTo(-103);
                    assertThat(((OpResult.ErrorResult) r.get(2)).getErr()).isEqualTo(-2);
                });
        assertThat(zk.exists("/m/b", false)).isNull();

        List<OpResult> reads = zk.multi(List.of(Op.getData("/m/a"), Op.getChildren("/m"), Op.getData("/m/none")));
        assertThat(((OpResult.GetDataResult) reads.get(0)).getData()).isEqualTo(bytes("y"));
        assertThat(((OpResult.GetChildrenResult) reads.get(1)).getChildren()).containsExactly("a");
        assertThat(((OpResult.ErrorResult) reads.get(2)).getErr()).isEqualTo(-101);
    }

    @Test
    void syncAndWhoAmI() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> synced = new java.util.concurrent.CompletableFuture<>();
        zk.sync("/", (rc, path, ctx) -> synced.complete(rc), null);
        assertThat(synced.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(zk.whoAmI()).anySatisfy(info -> {
            assertThat(info.getAuthScheme()).isEqualTo("ip");
            assertThat(info.getUser()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void persistentRecursiveWatchSeesDescendants() throws Exception {
        java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> events =
                new java.util.concurrent.LinkedBlockingQueue<>();
        zk.create("/rw", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        org.apache.zookeeper.Watcher watcher = events::add;
        zk.addWatch("/rw", watcher, AddWatchMode.PERSISTENT_RECURSIVE);
        zk.create("/rw/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/rw/a", bytes("1"), -1);
        zk.delete("/rw/a", -1);
        assertThat(next(events)).isEqualTo("NodeCreated /rw/a");
        assertThat(next(events)).isEqualTo("NodeDataChanged /rw/a");
        assertThat(next(events)).isEqualTo("NodeDeleted /rw/a");
        zk.removeWatches("/rw", watcher, org.apache.zookeeper.Watcher.WatcherType.Any, false);
        zk.create("/rw/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        org.apache.zookeeper.WatchedEvent removed = events.poll(10, TimeUnit.SECONDS);
        assertThat(removed.getType()).isEqualTo(org.apache.zookeeper.Watcher.Event.EventType.PersistentWatchRemoved);
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no event after removal").isNull();
        // The server answers NOWATCHER when asked to remove a watch it does not hold.
        zk.addWatch("/rw", watcher, AddWatchMode.PERSISTENT);
        zk.removeWatches("/rw", watcher, org.apache.zookeeper.Watcher.WatcherType.Persistent, false);
    }

    @Test
    void oneShotWatchesFireOnce() throws Exception {
        java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> events =
                new java.util.concurrent.LinkedBlockingQueue<>();
        assertThat(zk.exists("/w", events::add)).isNull();
        zk.create("/w", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeCreated /w");
        zk.getData("/w", events::add, null);
        zk.getChildren("/w", events::add);
        zk.setData("/w", bytes("a"), -1);
        assertThat(next(events)).isEqualTo("NodeDataChanged /w");
        zk.setData("/w", bytes("b"), -1);
        zk.create("/w/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeChildrenChanged /w");
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    static String next(java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> events) throws Exception {
        org.apache.zookeeper.WatchedEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a watch event").isNotNull();
        return event.getType() + " " + event.getPath();
    }
}
