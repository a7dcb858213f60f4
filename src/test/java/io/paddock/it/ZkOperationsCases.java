package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every client operation of the official ZooKeeper 3.9.5 Java client, node type and watch kind,
 * written once against two sessions so that it runs on one node ({@link ZkOperationsTest}) and on
 * an ensemble (process.ClusterOperationsIT): {@link #zk()} issues the operations and reads its
 * own writes; {@link #watcher()}, a second session (on another node in an ensemble), sets the
 * watches, so that events fire on a node other than the one the write went through. A read by
 * the watcher of another session's write is preceded by {@link #sync}, since ZooKeeper promises
 * no more without it. The sessions are the subclass's; tests run on the JUnit thread, and each
 * test uses paths of its own, so they may share one tree.
 */
public abstract class ZkOperationsCases {
    /** The session that writes and reads its own writes. */
    protected abstract ZooKeeper zk();

    /** A second session that sets the watches and reads after a sync. */
    protected abstract ZooKeeper watcher();

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code zk.sync(path)}, waited for (10 s at most); fails unless it answers OK. */
    public static void sync(ZooKeeper zk, String path) throws Exception {
        CompletableFuture<Integer> synced = new CompletableFuture<>();
        zk.sync(path, (rc, p, ctx) -> synced.complete(rc), null);
        assertThat(synced.get(10, TimeUnit.SECONDS)).as("sync rc").isZero();
    }

    /** The next watch event as "Type /path", waiting at most 10 s. */
    public static String next(BlockingQueue<WatchedEvent> events) throws Exception {
        WatchedEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a watch event").isNotNull();
        return event.getType() + " " + event.getPath();
    }

    /**
     * Once a sync of {@code zk} has answered, its node has applied every write acknowledged
     * before and sent the events they fired ahead of the reply, so nothing more is on its way.
     */
    protected static void assertNoMoreEvents(ZooKeeper zk, BlockingQueue<WatchedEvent> events) throws Exception {
        sync(zk, "/");
        assertThat(events.poll(100, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }

    @Test
    void builtInNodesLookLikeZooKeeper() throws Exception {
        ZooKeeper zk = zk();
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
        ZooKeeper zk = zk();
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
        // The other session's node holds the same znode, Stat for Stat, once it has synced.
        sync(watcher(), "/crud");
        Stat elsewhere = new Stat();
        assertThat(watcher().getData("/crud", false, elsewhere)).isEqualTo(bytes("v0"));
        assertThat(elsewhere).isEqualTo(created);

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
        ZooKeeper zk = zk();
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
        ZooKeeper zk = zk();
        Stat stat = new Stat();
        zk.create("/eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
        assertThat(stat.getEphemeralOwner()).isEqualTo(zk.getSessionId());
        assertThatThrownBy(() -> zk.create("/eph/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NoChildrenForEphemeralsException.class);
        assertThat(zk.getEphemerals("/eph")).containsExactly("/eph");
        sync(watcher(), "/eph");
        assertThat(watcher().exists("/eph", false).getEphemeralOwner()).as("owner seen by another session")
                .isEqualTo(zk.getSessionId());
        zk.delete("/eph", -1);
    }

    @Test
    void childrenCountsAndChildren2() throws Exception {
        ZooKeeper zk = zk();
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
        ZooKeeper zk = zk();
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
        ZooKeeper zk = zk();
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
        ZooKeeper zk = zk();
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
        // The other session's node applied the multi whole, and not the failed one.
        sync(watcher(), "/m");
        assertThat(watcher().getData("/m/a", false, null)).isEqualTo(bytes("y"));
        assertThat(watcher().exists("/m/b", false)).isNull();
    }

    @Test
    void syncAndWhoAmI() throws Exception {
        sync(zk(), "/");
        assertThat(zk().whoAmI()).anySatisfy(info -> {
            assertThat(info.getAuthScheme()).isEqualTo("ip");
            assertThat(info.getUser()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void persistentRecursiveWatchSeesDescendants() throws Exception {
        ZooKeeper zk = zk();
        ZooKeeper watching = watcher();
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        zk.create("/rw", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Watcher watcher = events::add;
        watching.addWatch("/rw", watcher, AddWatchMode.PERSISTENT_RECURSIVE);
        zk.create("/rw/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/rw/a", bytes("1"), -1);
        zk.delete("/rw/a", -1);
        assertThat(next(events)).isEqualTo("NodeCreated /rw/a");
        assertThat(next(events)).isEqualTo("NodeDataChanged /rw/a");
        assertThat(next(events)).isEqualTo("NodeDeleted /rw/a");
        watching.removeWatches("/rw", watcher, Watcher.WatcherType.Any, false);
        WatchedEvent removed = events.poll(10, TimeUnit.SECONDS);
        assertThat(removed).as("PersistentWatchRemoved").isNotNull();
        assertThat(removed.getType()).isEqualTo(Watcher.Event.EventType.PersistentWatchRemoved);
        zk.create("/rw/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertNoMoreEvents(watching, events);
        // The server answers NOWATCHER when asked to remove a watch it does not hold.
        watching.addWatch("/rw", watcher, AddWatchMode.PERSISTENT);
        watching.removeWatches("/rw", watcher, Watcher.WatcherType.Persistent, false);
    }

    @Test
    void persistentWatchSeesEveryChangeOfItsOwnNode() throws Exception {
        ZooKeeper zk = zk();
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        watcher().addWatch("/pw", events::add, AddWatchMode.PERSISTENT);
        zk.create("/pw", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeCreated /pw");
        zk.setData("/pw", bytes("1"), -1);
        zk.setData("/pw", bytes("2"), -1);
        assertThat(next(events)).isEqualTo("NodeDataChanged /pw");
        assertThat(next(events)).as("a persistent watch fires again").isEqualTo("NodeDataChanged /pw");
        zk.create("/pw/kid", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeChildrenChanged /pw");
        zk.create("/pw/kid/grandchild", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/pw/kid", bytes("k"), -1);
        assertNoMoreEvents(watcher(), events);
        zk.delete("/pw/kid/grandchild", -1);
        zk.delete("/pw/kid", -1);
        assertThat(next(events)).isEqualTo("NodeChildrenChanged /pw");
        zk.delete("/pw", -1);
        assertThat(next(events)).isEqualTo("NodeDeleted /pw");
        assertNoMoreEvents(watcher(), events);
    }

    @Test
    void oneShotWatchesFireOnce() throws Exception {
        ZooKeeper zk = zk();
        ZooKeeper watching = watcher();
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        assertThat(watching.exists("/w", events::add)).isNull();
        zk.create("/w", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeCreated /w");
        // The event came from the watcher's node applying the create, so it can read /w now.
        watching.getData("/w", events::add, null);
        watching.getChildren("/w", events::add);
        zk.setData("/w", bytes("a"), -1);
        assertThat(next(events)).isEqualTo("NodeDataChanged /w");
        zk.setData("/w", bytes("b"), -1);
        zk.create("/w/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeChildrenChanged /w");
        assertNoMoreEvents(watching, events);
    }
}
