package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader of a 3-node ensemble, idle and in step with its followers, is paused with SIGSTOP;
 * a client connected to it sends creates, which wait in its socket; the followers elect a new
 * leader and commit writes of their own; then the old leader is resumed. It must commit nothing
 * more in its old epoch: no txn of that epoch past the zxid it had reached when paused is in any
 * node's log once all have caught up, every create sent to it that succeeded did so in a newer
 * epoch (and is on every node), the others failed with a connection loss; and it steps down to
 * follow the new leader.
 */
class PausedLeaderIT {
    private static final int SESSION_MS = 30_000;
    private static final int WRITES = 10;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void aPausedLeaderCommitsNothingMoreInItsEpochAndStepsDown() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int old = cluster.leader();
        int follower = old % 3 + 1;
        try (ZooKeeper onOld = Zk.connect(cluster.connectString(old), SESSION_MS, null);
                ZooKeeper other = Zk.connectInOrder(List.of(cluster.clientPort(follower), cluster.clientPort(6 - old - follower)),
                        SESSION_MS, null)) {
            onOld.create("/paused", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            onOld.create("/paused/before", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            cluster.awaitConverged();
            LocalCluster.NodeStatus atPause = cluster.status().get(old);
            long pausePoint = atPause.zxid();
            cluster.pause(old);
            List<CompletableFuture<CreateResult>> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                writes.add(CreateResult.async(onOld, "/paused/sent-to-old-" + i));
            }
            int next = cluster.awaitLeader(old);
            long newEpoch = cluster.status().get(next).epoch();
            for (int i = 0; i < WRITES; i++) {
                Retry.create(other, "/paused/new-" + i, new byte[0]);
            }
            assertThat(cluster.status().get(old).paused()).as("node %d still paused", old).isTrue();
            cluster.resume(old);

            await("the old leader steps down").atMost(Duration.ofSeconds(60)).until(() -> {
                LocalCluster.NodeStatus s = cluster.status().get(old);
                return s.mode().equals("follower") && s.epoch() >= newEpoch;
            });
            await("every create sent to the old leader answered").atMost(Duration.ofSeconds(60))
                    .until(() -> writes.stream().allMatch(CompletableFuture::isDone));
            cluster.awaitConverged();
            System.out.printf("PausedLeaderIT: node %d paused at %s; node %d leads in epoch %d; creates sent to the "
                    + "paused leader: %s; after: %s%n", old, atPause, next, newEpoch,
                    writes.stream().map(CompletableFuture::join).toList(), cluster.status());
            checkNothingOfTheOldEpochAfter(cluster, atPause.epoch(), pausePoint);
            checkWritesSentToTheOldLeader(cluster, writes, atPause.epoch());
        }
    }

    /** No node's log holds a txn of {@code epoch} with a zxid past {@code pausePoint}. */
    private static void checkNothingOfTheOldEpochAfter(LocalCluster cluster, long epoch, long pausePoint) {
        for (int id = 1; id <= cluster.size(); id++) {
            List<String> late = cluster.logRecords(id).stream().filter(r -> r.epoch() == epoch && r.zxid() > pausePoint)
                    .map(LocalCluster.LogRecord::line).toList();
            assertThat(late).as("node %d's log records of epoch %d after the pause point 0x%s", id, epoch,
                    Long.toHexString(pausePoint)).isEmpty();
        }
    }

    private static void checkWritesSentToTheOldLeader(LocalCluster cluster, List<CompletableFuture<CreateResult>> writes,
            long oldEpoch) throws Exception {
        for (CompletableFuture<CreateResult> write : writes) {
            CreateResult result = write.join();
            assertThat(result.rc()).as("%s", result).isIn(Code.OK.intValue(), Code.CONNECTIONLOSS.intValue());
            if (result.ok()) {
                assertThat(result.czxid() >>> 32).as("epoch of the acknowledged %s", result).isGreaterThan(oldEpoch);
                for (int id = 1; id <= cluster.size(); id++) {
                    try (ZooKeeper zk = Zk.connect(cluster.connectString(id), SESSION_MS, null)) {
                        sync(zk, result.path());
                        Stat stat = zk.exists(result.path(), false);
                        assertThat(stat).as("acknowledged %s on node %d", result, id).isNotNull();
                        assertThat(stat.getCzxid()).isEqualTo(result.czxid());
                    }
                }
            }
        }
    }

}
