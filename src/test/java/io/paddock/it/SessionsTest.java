package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session life cycle: expiry with ephemerals and their watches, reattach, wrong passwords, restarts. */
class SessionsTest {
    @TempDir
    Path dir;

    @Test
    void expiryDeletesEphemeralsAndFiresTheirWatches() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper watcher = node.client();
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            BlockingQueue<WatchedEvent> states = new LinkedBlockingQueue<>();
            ZooKeeper owner = node.client(1000, states::add);
            owner.create("/lease", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertThat(watcher.exists("/lease", events::add)).isNotNull();
            watcher.getChildren("/", events::add);
            long ownerSession = owner.getSessionId();
            // Freeze the owner's client so it stops pinging; the server must expire the session.
            owner.getTestable().injectSessionExpiration();
            Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> watcher.exists("/lease", false) == null);
            assertThat(ZkOperationsTest.next(events)).isIn("NodeDeleted /lease", "NodeChildrenChanged /");
            assertThat(ZkOperationsTest.next(events)).isIn("NodeDeleted /lease", "NodeChildrenChanged /");
            assertThat(watcher.getEphemerals("/")).isEmpty();
            // Reattaching to the expired session is refused with the "expired" answer.
            BlockingQueue<WatchedEvent> reattach = new LinkedBlockingQueue<>();
            ZooKeeper late = new ZooKeeper(node.connectString(), 1000, reattach::add, ownerSession, owner.getSessionPasswd());
            Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> reattach.stream()
                    .anyMatch(e -> e.getState() == Watcher.Event.KeeperState.Expired));
            late.close();
            owner.close();
            watcher.close();
        }
    }

    @Test
    void reattachWithIdAndPasswordKeepsTheSessionAndWrongPasswordIsExpired() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper first = node.client(4000, null);
            first.create("/mine", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            long id = first.getSessionId();
            byte[] password = first.getSessionPasswd();

            BlockingQueue<WatchedEvent> states = new LinkedBlockingQueue<>();
            ZooKeeper second = new ZooKeeper(node.connectString(), 4000, states::add, id, password);
            Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> states.stream()
                    .anyMatch(e -> e.getState() == Watcher.Event.KeeperState.SyncConnected));
            assertThat(second.getSessionId()).isEqualTo(id);
            Stat stat = second.exists("/mine", false);
            assertThat(stat.getEphemeralOwner()).isEqualTo(id);

            byte[] wrong = password.clone();
            wrong[0] ^= 1;
            BlockingQueue<WatchedEvent> badStates = new LinkedBlockingQueue<>();
            ZooKeeper impostor = new ZooKeeper(node.connectString(), 4000, badStates::add, id, wrong);
            Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> badStates.stream()
                    .anyMatch(e -> e.getState() == Watcher.Event.KeeperState.Expired));
            impostor.close();
            second.close();
            first.close();
        }
    }

    @Test
    void sessionsAndDataSurviveARestartWithinTheirTimeout() throws Exception {
        long id;
        byte[] password;
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper zk = node.client(10_000, null);
            zk.create("/durable", "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/held", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            id = zk.getSessionId();
            password = zk.getSessionPasswd();
            // Leave the client open on purpose: the node goes away under it, as in a crash.
            zk.getTestable().injectSessionExpiration();
        }
        try (TestNode node = TestNode.start(dir)) {
            BlockingQueue<WatchedEvent> states = new LinkedBlockingQueue<>();
            ZooKeeper back = new ZooKeeper(node.connectString(), 10_000, states::add, id, password);
            Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> states.stream()
                    .anyMatch(e -> e.getState() == Watcher.Event.KeeperState.SyncConnected));
            assertThat(back.getData("/durable", false, null)).isEqualTo("x".getBytes());
            assertThat(back.exists("/held", false).getEphemeralOwner()).isEqualTo(id);
            back.close();
            ZooKeeper other = node.client();
            assertThat(other.exists("/held", false)).isNull();
            other.close();
        }
    }
}
