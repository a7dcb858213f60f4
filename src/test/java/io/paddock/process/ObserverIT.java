package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.next;
import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble of 3 voters and 2 observers ({@code start 3 --observers 2}, nodes 4 and 5). The
 * observers serve reads of what was written through voters (after a sync, and as watch events),
 * forward their clients' writes to the leader, and the leader counts them as synced observers.
 * Their acknowledgements do not count towards a quorum: with the two followers killed, the leader
 * still has both observers but only itself of the voters, and a write through an observer does
 * not succeed; once a follower is back it either succeeds (and is then everywhere) or fails with
 * a connection loss.
 */
class ObserverIT {
    private static final int SESSION_MS = 30_000;
    /** Longer than the election timeout (400..800 ms) and the leaderless hold (2 s) together. */
    private static final Duration NO_QUORUM_WATCH = Duration.ofSeconds(4);

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void observersServeReadsForwardWritesAndDoNotCountForTheQuorum() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3, 2, "");
        assertThat(cluster.status().get(4).mode()).isEqualTo("observer");
        assertThat(cluster.status().get(5).mode()).isEqualTo("observer");
        int leader = cluster.leader();
        assertThat(leader).isBetween(1, 3);
        try (ZooKeeper voter = Zk.connect(cluster.connectString(leader % 3 + 1), SESSION_MS, null);
                ZooKeeper observer4 = Zk.connect(cluster.connectString(4), SESSION_MS, null);
                ZooKeeper observer5 = Zk.connect(cluster.connectString(5), SESSION_MS, null)) {
            servesReadsAndForwardsWrites(cluster, voter, observer4, observer5);
            cluster.awaitConverged();
            assertThat(cluster.fourLetterWord(leader, "mntr")).as("the leader's mntr").contains("zk_synced_observers\t2");

            List<Integer> followers = List.of(leader % 3 + 1, (leader + 1) % 3 + 1);
            for (int follower : followers) {
                cluster.kill(follower);
            }
            CompletableFuture<CreateResult> write = CreateResult.async(observer4, "/obs/without-quorum");
            await("no write succeeds with one voter of three").during(NO_QUORUM_WATCH).atMost(NO_QUORUM_WATCH.plusSeconds(5))
                    .until(() -> !(write.isDone() && write.join().ok()));
            await("the lone voter stops leading").atMost(Duration.ofSeconds(30))
                    .until(() -> !"leader".equals(cluster.mode(leader)));

            cluster.restart(followers.get(0));
            await("the write through the observer answered").atMost(Duration.ofSeconds(60)).until(write::isDone);
            CreateResult result = write.join();
            System.out.printf("ObserverIT: followers %s killed under leader %d; the write through observer 4: %s%n",
                    followers, leader, result);
            assertThat(result.rc()).as("%s", result).isIn(Code.OK.intValue(), Code.CONNECTIONLOSS.intValue());
            if (result.ok()) {
                for (int id : List.of(leader, followers.get(0), 4, 5)) {
                    try (ZooKeeper zk = Zk.connect(cluster.connectString(id), SESSION_MS, null)) {
                        sync(zk, "/obs");
                        Stat stat = zk.exists("/obs/without-quorum", false);
                        assertThat(stat).as("the acknowledged write on node %d", id).isNotNull();
                        assertThat(stat.getCzxid()).isEqualTo(result.czxid());
                    }
                }
            }
        }
    }

    /** Reads on observers of voters' writes, a watch fired on an observer, a write forwarded by one. */
    private static void servesReadsAndForwardsWrites(LocalCluster cluster, ZooKeeper voter, ZooKeeper observer4,
            ZooKeeper observer5) throws Exception {
        voter.create("/obs", bytes("v"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (ZooKeeper observer : List.of(observer4, observer5)) {
            sync(observer, "/obs");
            assertThat(observer.getData("/obs", false, null)).isEqualTo(bytes("v"));
        }
        LinkedBlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        assertThat(observer5.exists("/obs/watched", events::add)).isNull();
        voter.create("/obs/watched", bytes(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(next(events)).isEqualTo("NodeCreated /obs/watched");

        Stat created = new Stat();
        observer4.create("/obs/from-observer", bytes("o"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        for (int id = 1; id <= 3; id++) {
            try (ZooKeeper zk = Zk.connect(cluster.connectString(id), SESSION_MS, null)) {
                sync(zk, "/obs");
                Stat stat = new Stat();
                assertThat(zk.getData("/obs/from-observer", false, stat)).as("the observer's write on voter %d", id)
                        .isEqualTo(bytes("o"));
                assertThat(stat).isEqualTo(created);
            }
        }
    }


    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
