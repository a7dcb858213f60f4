package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's restart test: writes acknowledged by the official client survive a SIGKILL of the
 * node process, live sessions and their ephemerals survive, closed sessions' ephemerals stay
 * gone, and a client that keeps running across the restart reconnects by itself.
 */
class RestartIT {
    private static final int LONG_SESSION_MS = 40_000;
    private static final Map<String, String> CFG = Map.of("tickTime", "1000", "maxSessionTimeout", "60000");

    @RegisterExtension
    final NodeLogs logs = new NodeLogs();

    @TempDir
    Path tmp;

    /** What the node acknowledged: path to (data, version). */
    private final Map<String, Acked> acked = new ConcurrentHashMap<>();

    record Acked(String data, int version) {}

    @Test
    void acknowledgedWritesAndLiveSessionsSurviveSigkill() throws Exception {
        int port = ProcessNode.freePort();
        List<String> running = new CopyOnWriteArrayList<>();
        ZooKeeper live = null;
        ZooKeeper keeps = null;
        ZooKeeper reattached = null;
        ProcessNode node = logs.track(new ProcessNode(tmp.resolve("work"), tmp.resolve("data"), port, CFG));
        try {
            long firstStart = node.start();
            live = Zk.connect(node.connectString(), LONG_SESSION_MS, null);
            keeps = Zk.connect(node.connectString(), LONG_SESSION_MS, e -> running.add(e.getState().name()));
            writeAcknowledged(live, keeps);
            long liveId = live.getSessionId();
            byte[] livePasswd = live.getSessionPasswd();
            long keepsId = keeps.getSessionId();
            ZooKeeper closedHandle = createAndCloseSession(node.connectString());
            long zxidBefore = node.zxid();

            long pid = node.pid();
            node.kill9();
            // Closing the handle while the node is down cannot send closeSession: the session
            // stays open on the node's disk, as an abandoned client's would.
            live.close();
            live = null;
            long restart = node.start();
            System.out.printf("RestartIT: pid %d killed; first start %d ms, restart %d ms, %d acknowledged writes%n",
                    pid, firstStart, restart, acked.size());

            assertThat(node.zxid()).as("zxid after restart").isGreaterThanOrEqualTo(zxidBefore);
            reattached = Zk.reattach(node.connectString(), LONG_SESSION_MS, liveId, livePasswd);
            assertThat(reattached.getSessionId()).isEqualTo(liveId);
            assertAcknowledged(reattached);
            for (int i = 0; i < 3; i++) {
                Stat stat = reattached.exists("/restart/eph-live-" + i, false);
                assertThat(stat).as("live ephemeral %d", i).isNotNull();
                assertThat(stat.getEphemeralOwner()).isEqualTo(liveId);
            }
            assertThat(reattached.getChildren("/restart", false)).noneMatch(n -> n.startsWith("eph-closed-"));
            assertThat(reattached.getEphemerals("/restart")).doesNotContain("/restart/eph-closed-0");

            ZooKeeper kept = keeps;
            await("the running client reconnects").atMost(Duration.ofSeconds(30))
                    .until(() -> kept.getState() == ZooKeeper.States.CONNECTED && running.contains(KeeperState.Disconnected.name()));
            assertThat(running).as("the running client's session was not expired").doesNotContain(KeeperState.Expired.name());
            assertThat(keeps.getSessionId()).isEqualTo(keepsId);
            assertThat(new String(keeps.getData("/restart/keeps", false, null), StandardCharsets.UTF_8)).isEqualTo("k2");
            assertThat(keeps.exists("/restart/eph-keeps", false).getEphemeralOwner()).isEqualTo(keepsId);
            keeps.setData("/restart/keeps", "k3".getBytes(StandardCharsets.UTF_8), 2);
            assertThat(Files.readString(node.logFile())).doesNotContain("refusing session");
            // A session closed before the kill stays closed: reattaching it is refused as expired.
            assertThatThrownBy(() -> Zk.reattach(node.connectString(), LONG_SESSION_MS, closedHandle.getSessionId(),
                    closedHandle.getSessionPasswd())).hasMessageContaining("session expired");
        } finally {
            closeQuietly(live);
            closeQuietly(keeps);
            closeQuietly(reattached);
            node.close();
        }
    }

    /** Sync and async creates and setData, ephemerals of two sessions; records what was acknowledged. */
    private void writeAcknowledged(ZooKeeper live, ZooKeeper keeps) throws Exception {
        live.create("/restart", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 20; i++) {
            String path = "/restart/sync-" + i;
            live.create(path, bytes("s" + i), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            acked.put(path, new Acked("s" + i, 0));
            if (i % 2 == 0) {
                Stat stat = live.setData(path, bytes("s" + i + "-v1"), 0);
                acked.put(path, new Acked("s" + i + "-v1", stat.getVersion()));
            }
        }
        int asyncOps = 200;
        CountDownLatch done = new CountDownLatch(asyncOps * 2);
        for (int i = 0; i < asyncOps; i++) {
            String path = "/restart/async-" + i;
            String data = "a" + i;
            live.create(path, bytes(data), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc == 0) {
                    acked.merge(path, new Acked(data, 0), RestartIT::later);
                }
                done.countDown();
            }, null);
            // Queued behind the create on the same session, so it applies after it.
            live.setData(path, bytes(data + "-v1"), 0, (rc, p, ctx, stat) -> {
                if (rc == 0) {
                    acked.merge(path, new Acked(data + "-v1", stat.getVersion()), RestartIT::later);
                }
                done.countDown();
            }, null);
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("async writes answered").isTrue();
        assertThat(acked).hasSize(20 + asyncOps);
        String seq = live.create("/restart/seq-", bytes("q"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        acked.put(seq, new Acked("q", 0));
        for (int i = 0; i < 3; i++) {
            live.create("/restart/eph-live-" + i, bytes("e"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        }
        keeps.create("/restart/keeps", bytes("k1"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        keeps.setData("/restart/keeps", bytes("k2"), 0);
        keeps.setData("/restart/keeps", bytes("k2"), 1);
        keeps.create("/restart/eph-keeps", bytes("e"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    private static Acked later(Acked a, Acked b) {
        return a.version >= b.version ? a : b;
    }

    /** A session that makes ephemerals and is closed; the closed handle still tells its id and password. */
    private static ZooKeeper createAndCloseSession(String connect) throws Exception {
        ZooKeeper closed = Zk.connect(connect, LONG_SESSION_MS, null);
        try {
            for (int i = 0; i < 3; i++) {
                closed.create("/restart/eph-closed-" + i, bytes("c"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            }
        } finally {
            closed.close();
        }
        return closed;
    }

    private void assertAcknowledged(ZooKeeper zk) throws KeeperException, InterruptedException {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Acked> e : acked.entrySet()) {
            Stat stat = new Stat();
            try {
                String data = new String(zk.getData(e.getKey(), false, stat), StandardCharsets.UTF_8);
                if (!data.equals(e.getValue().data()) || stat.getVersion() != e.getValue().version()) {
                    wrong.add(e.getKey() + ": " + data + "@" + stat.getVersion() + " != " + e.getValue());
                }
            } catch (KeeperException.NoNodeException missing) {
                wrong.add(e.getKey() + ": missing");
            }
        }
        assertThat(wrong).as("acknowledged writes after restart").isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void closeQuietly(ZooKeeper zk) {
        if (zk != null) {
            try {
                zk.close(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
