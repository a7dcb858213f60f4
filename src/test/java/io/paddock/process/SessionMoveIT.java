package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session moves from node A to node B of a 3-node ensemble and keeps its ephemerals and its
 * watches. The moving client knows two addresses, in this order: a {@link CutProxy} to A and one
 * to B, the second cut at first, so it connects to A. A is then taken from it (its proxy cut, A a
 * follower; or A, the leader, killed with SIGKILL), and while the client can reach no node, a
 * session on the third node changes the znodes it watches. Then B's proxy opens: the client
 * reattaches there with setWatches, and exactly the watches whose znodes changed fire.
 *
 * <p>Also: a session that moves, before it has seen a zxid, to a node that has not yet applied its
 * creation is not declared expired there; and sessions are kept alive by the node they are on and
 * expired by the leader, everywhere, once that node is gone.
 */
class SessionMoveIT {
    private static final int SESSION_MS = 30_000;
    /** The shortest session the default tick (2000 ms) allows. */
    private static final int SHORT_SESSION_MS = 4_000;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    private final LinkedBlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
    private final List<KeeperState> states = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "node A {0}")
    @ValueSource(strings = {"follower, proxy cut", "leader, killed"})
    void sessionKeepsEphemeralsAndWatchesOnAnotherNode(String how) throws Exception {
        boolean kill = how.endsWith("killed");
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        int a = kill ? leader : follower(leader, 0);
        int b = follower(leader, a);
        int c = 6 - a - b;
        ZooKeeper mover = null;
        ZooKeeper other = null;
        try (CutProxy toA = new CutProxy(cluster.clientPort(a)); CutProxy toB = new CutProxy(cluster.clientPort(b))) {
            toB.cut();
            other = Zk.connectInOrder(List.of(cluster.clientPort(c), cluster.clientPort(b)), SESSION_MS, null);
            setUpZnodes(other);
            mover = Zk.connectInOrder(List.of(toA.port(), toB.port()), SESSION_MS, this::record);
            long sessionId = mover.getSessionId();
            setWatches(mover);
            sync(other, "/move");
            assertThat(other.exists("/move/eph", false).getEphemeralOwner()).isEqualTo(sessionId);

            if (kill) {
                cluster.kill(a);
            } else {
                toA.cut();
            }
            await("the moving client sees the disconnect").atMost(Duration.ofSeconds(30))
                    .until(() -> states.contains(KeeperState.Disconnected));
            changeWhileAway(other);
            sync(other, "/move");
            assertThat(other.exists("/move/eph", false)).as("the ephemeral while its session is away").isNotNull();
            assertThat(events).as("nothing reaches the disconnected client").isEmpty();

            toB.restore();
            assertThat(WatchEvents.take(events, 3)).containsExactlyInAnyOrder("NodeDataChanged /move/a", "NodeChildrenChanged /move/b",
                    "NodeCreated /move/c");
            assertThat(mover.getSessionId()).isEqualTo(sessionId);
            assertThat(states).doesNotContain(KeeperState.Expired);
            assertThat(mover.toString()).as("the client's connection").contains(":" + toB.port());
            assertThat(cluster.fourLetterWord(b, "cons")).as("node %d's connections", b)
                    .contains("sid=0x" + Long.toHexString(sessionId));
            checkKeptAfterMove(mover, other, sessionId);
        } finally {
            RestartIT.closeQuietly(mover);
            RestartIT.closeQuietly(other);
        }
    }

    /**
     * A session moves before it has seen any zxid (its client's lastZxidSeen is still 0) to a node
     * that has not yet applied the session's creation: here node B, which hears nothing from the
     * leader for the moment (a one-way stall of leader -> B). The session is alive (the leader and
     * A hold it), so B must not answer that it expired; ZooKeeper's follower asks the leader
     * (REVALIDATE) instead of its own tree; Paddock's B catches up with the leader's commit point
     * (a sync) and looks again. B may keep the client waiting or close the connection; once the
     * stall is lifted the client must be connected with its session.
     */
    @Test
    void aSessionMovedToANodeBehindItsCreationIsNotExpired() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        int a = follower(leader, 0);
        int b = follower(leader, a);
        ZooKeeper mover = null;
        try (CutProxy toA = new CutProxy(cluster.clientPort(a)); CutProxy toB = new CutProxy(cluster.clientPort(b))) {
            toB.cut();
            cluster.partitionOneWay(leader, b);
            mover = Zk.connectInOrder(List.of(toA.port(), toB.port()), SESSION_MS, this::record);
            long sessionId = mover.getSessionId();
            toA.cut();
            toB.restore();
            // B cannot hear the leader, so it can neither confirm the session nor serve: for as long as
            // the stall lasts the client waits or bounces between closed connections, never expired.
            await("the moving client is never told its session expired while B cannot hear the leader")
                    .during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> !states.contains(KeeperState.Expired));
            List<KeeperState> seen = List.copyOf(states);
            String leadersSessions = cluster.fourLetterWord(leader, "dump");
            cluster.heal();
            System.out.printf("SessionMoveIT: session 0x%x moved from node %d to node %d (leader %d cut off from it): "
                    + "client states %s; node %d's log: %s%n", sessionId, a, b, leader, seen, b,
                    cluster.logLinesSinceStart(b, Long.toHexString(sessionId)));
            assertThat(leadersSessions).as("the leader's sessions (dump) once the client got its answer")
                    .contains("0x" + Long.toHexString(sessionId));
            assertThat(seen).as("states of the client of the live session 0x%x", sessionId)
                    .doesNotContain(KeeperState.Expired);
            ZooKeeper moved = mover;
            await("the moved session connected").atMost(Duration.ofSeconds(30)).until(() -> moved.getState().isConnected());
            assertThat(moved.getSessionId()).isEqualTo(sessionId);
        } finally {
            RestartIT.closeQuietly(mover);
        }
    }

    /**
     * Sessions are kept alive by the node they are connected to and expired by the leader: an
     * idle session (pings only) with a 4 s timeout on one follower lives on for longer than its
     * timeout; one on the other follower, which is then killed (its client knows no other node),
     * expires: its ephemeral goes from every live node, and a watch on another node fires.
     */
    @Test
    void sessionsLiveWhileTheirNodeReportsThemAndExpireEverywhereWhenItDies() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        int kept = follower(leader, 0);
        int dies = follower(leader, kept);
        try (ZooKeeper idle = Zk.connect(cluster.connectString(kept), SHORT_SESSION_MS, null);
                ZooKeeper doomed = Zk.connect(cluster.connectString(dies), SHORT_SESSION_MS, null);
                ZooKeeper watching = Zk.connect(cluster.connectString(leader), SESSION_MS, this::record)) {
            idle.create("/idle", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            doomed.create("/doomed", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            sync(watching, "/");
            assertThat(watching.exists("/doomed", true)).isNotNull();
            await("the idle session outlives its timeout").during(Duration.ofMillis(3L * SHORT_SESSION_MS))
                    .atMost(Duration.ofMillis(4L * SHORT_SESSION_MS)).until(() -> watching.exists("/idle", false) != null);
            long killedNanos = System.nanoTime();
            cluster.kill(dies);
            assertThat(WatchEvents.take(events, 1)).containsExactly("NodeDeleted /doomed");
            System.out.printf("SessionMoveIT: the %d ms session on the killed node %d expired after %d ms%n",
                    SHORT_SESSION_MS, dies, (System.nanoTime() - killedNanos) / 1_000_000);
            sync(idle, "/");
            assertThat(idle.exists("/doomed", false)).as("the expired ephemeral on node %d", kept).isNull();
            assertThat(idle.exists("/idle", false)).as("the idle session's ephemeral").isNotNull();
            assertThat(states).doesNotContain(KeeperState.Expired);
        }
    }

    /** A follower other than {@code not}. */
    private static int follower(int leader, int not) {
        for (int id = 1; id <= 3; id++) {
            if (id != leader && id != not) {
                return id;
            }
        }
        throw new AssertionError("no follower besides " + not);
    }

    private static void setUpZnodes(ZooKeeper zk) throws Exception {
        zk.create("/move", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String name : List.of("a", "b", "d", "r")) {
            zk.create("/move/" + name, bytes(name + "0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /** One-shot data, child, exists (of a missing znode) and data watches, a persistent recursive one, an ephemeral. */
    private void setWatches(ZooKeeper mover) throws Exception {
        sync(mover, "/move");
        mover.create("/move/eph", bytes("e"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        mover.getData("/move/a", true, null);
        mover.getChildren("/move/b", true);
        assertThat(mover.exists("/move/c", true)).isNull();
        mover.getData("/move/d", true, null);
        mover.addWatch("/move/r", this::record, AddWatchMode.PERSISTENT_RECURSIVE);
    }

    private static void changeWhileAway(ZooKeeper other) throws Exception {
        Retry.onConnectionLoss(() -> other.setData("/move/a", bytes("a1"), -1));
        Retry.create(other, "/move/b/child", bytes(""));
        Retry.create(other, "/move/c", bytes(""));
    }

    /** After the move: /move/d's watch and the persistent one still fire; fired one-shot watches are gone. */
    private void checkKeptAfterMove(ZooKeeper mover, ZooKeeper other, long sessionId) throws Exception {
        WatchEvents.barrier(mover);
        assertThat(events).as("no event for the unchanged /move/d, none twice").isEmpty();
        other.setData("/move/d", bytes("d1"), -1);
        assertThat(WatchEvents.take(events, 1)).containsExactly("NodeDataChanged /move/d");
        other.create("/move/r/x", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(WatchEvents.take(events, 1)).containsExactly("NodeCreated /move/r/x");
        other.setData("/move/a", bytes("a2"), -1);
        sync(mover, "/move/a");
        WatchEvents.barrier(mover);
        assertThat(events).as("the fired one-shot watch of /move/a is gone").isEmpty();
        sync(other, "/move/eph");
        Stat eph = other.exists("/move/eph", false);
        assertThat(eph).as("the ephemeral after the move").isNotNull();
        assertThat(eph.getEphemeralOwner()).isEqualTo(sessionId);
        assertThat(mover.getData("/move/eph", false, null)).isEqualTo(bytes("e"));
    }

    private void record(WatchedEvent e) {
        states.add(e.getState());
        if (e.getType() != EventType.None) {
            events.add(e);
        }
    }



    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
