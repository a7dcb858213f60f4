package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Partitions of a 3-node ensemble made by cluster.sh's fault proxy (stalled TCP links, nothing
 * lost): a follower cut off alone cannot commit, and a write sent through it either succeeds
 * after the heal or fails with a connection loss, never a success that is then missing; an old
 * leader cut off alone steps down, a new leader takes over in a higher epoch, and after the heal
 * the old one rejoins as a follower of it. A sync through the cut-off node (follower, or old
 * leader) that answers OK must be followed by a read that sees the majority's write acknowledged
 * before the sync was sent; a leader that only cannot reach one follower keeps
 * leading (pre-vote and the other follower's lease keep the cut follower from disrupting it).
 */
class PartitionIT {
    private static final int SESSION_MS = 30_000;
    private static final int WRITES = 5;
    /** Longer than the election timeout (400..800 ms) and the leaderless hold (2 s) together. */
    private static final Duration CUT_OFF_WATCH = Duration.ofSeconds(4);

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void aFollowerCutOffAloneCommitsNothing() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        int cut = leader % 3 + 1;
        try (ZooKeeper minority = Zk.connect(cluster.connectString(cut), SESSION_MS, null);
                ZooKeeper majority = Zk.connect(cluster.connectString(leader), SESSION_MS, null)) {
            majority.create("/part", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            sync(minority, "/part");
            cluster.partition(cut);
            majority.create("/part/majority", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // A sync through the cut-off follower, then a read in the same session: a sync that
            // answers OK promises that the read sees the majority's write acknowledged before it.
            CompletableFuture<Integer> synced = new CompletableFuture<>();
            CompletableFuture<Stat> read = new CompletableFuture<>();
            minority.sync("/part", (rc, path, ctx) -> synced.complete(rc), null);
            minority.exists("/part/majority", false, (rc, path, ctx, stat) -> read.complete(stat), null);
            List<CompletableFuture<CreateResult>> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                writes.add(CreateResult.async(minority, "/part/cut-" + i));
            }
            await("no write or sync through the cut-off follower succeeds").during(CUT_OFF_WATCH)
                    .atMost(CUT_OFF_WATCH.plusSeconds(5)).until(() -> writes.stream().noneMatch(w -> w.isDone() && w.join().ok())
                            && !(synced.isDone() && synced.join() == Code.OK.intValue()));
            await("the cut-off follower stops serving").atMost(Duration.ofSeconds(30)).until(() -> cluster.mode(cut) == null);
            assertThat(majority.getChildren("/part", false)).as("what the majority has while the follower is cut off")
                    .containsExactly("majority");

            cluster.heal();
            await("every write through the follower answered").atMost(Duration.ofSeconds(60))
                    .until(() -> writes.stream().allMatch(CompletableFuture::isDone));
            cluster.awaitConverged();
            await("the sync and the read answered").atMost(Duration.ofSeconds(60)).until(() -> synced.isDone() && read.isDone());
            System.out.printf("PartitionIT: through the cut-off follower %d: sync %s, then /part/majority %s; writes %s%n", cut,
                    Code.get(synced.join()), read.join() == null ? "not seen" : "seen",
                    writes.stream().map(CompletableFuture::join).toList());
            if (synced.join() == Code.OK.intValue()) {
                assertThat(read.join()).as("a read after an OK sync: the majority's earlier write").isNotNull();
            }
            for (CompletableFuture<CreateResult> write : writes) {
                CreateResult result = write.join();
                assertThat(result.rc()).as("%s", result).isIn(Code.OK.intValue(), Code.CONNECTIONLOSS.intValue());
                if (result.ok()) {
                    checkOnEveryNode(cluster, result);
                }
            }
            Retry.create(minority, "/part/after-heal", new byte[0]);
            sync(majority, "/part");
            assertThat(majority.exists("/part/after-heal", false)).as("a write through the follower after the heal").isNotNull();
        }
    }

    @Test
    void anOldLeaderCutOffStepsDownAndRejoinsAsFollower() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int old = cluster.leader();
        long oldEpoch = cluster.status().get(old).epoch();
        try (ZooKeeper onOld = Zk.connect(cluster.connectString(old), SESSION_MS, null)) {
            long cutNanos = System.nanoTime();
            cluster.partition(old);
            await("the old leader's srvr stops saying leader").atMost(Duration.ofSeconds(30))
                    .until(() -> !"leader".equals(cluster.mode(old)));
            long steppedDownMs = (System.nanoTime() - cutNanos) / 1_000_000;
            int next = cluster.awaitLeader(old);
            Map<Integer, LocalCluster.NodeStatus> during = cluster.status();
            assertThat(during.get(next).epoch()).as("the new leader's epoch").isGreaterThan(oldEpoch);
            assertThat(during.get(old).mode()).as("the old leader while cut off: %s", during).isNotEqualTo("leader");
            try (ZooKeeper zk = Zk.connect(cluster.connectString(next), SESSION_MS, null)) {
                zk.create("/new-epoch", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            // A sync through the old leader after the new one acknowledged a write: OK only if the read sees it.
            CompletableFuture<Integer> synced = new CompletableFuture<>();
            CompletableFuture<Stat> read = new CompletableFuture<>();
            onOld.sync("/", (rc, path, ctx) -> synced.complete(rc), null);
            onOld.exists("/new-epoch", false, (rc, path, ctx, stat) -> read.complete(stat), null);

            cluster.heal();
            cluster.awaitConverged();
            await("the sync through the old leader answered").atMost(Duration.ofSeconds(60))
                    .until(() -> synced.isDone() && read.isDone());
            Map<Integer, LocalCluster.NodeStatus> after = cluster.status();
            System.out.printf("PartitionIT: old leader %d stepped down %d ms after the cut; node %d leads in epoch %d; a sync "
                    + "through the old leader: %s, /new-epoch %s; after the heal %s%n", old, steppedDownMs, next,
                    during.get(next).epoch(), Code.get(synced.join()), read.join() == null ? "not seen" : "seen", after);
            if (synced.join() == Code.OK.intValue()) {
                assertThat(read.join()).as("a read after an OK sync: the new leader's earlier write").isNotNull();
            }
            assertThat(cluster.leader()).as("the leader after the heal").isEqualTo(next);
            assertThat(after.get(old).mode()).isEqualTo("follower");
            assertThat(after.get(old).epoch()).isEqualTo(after.get(next).epoch());
        }
        try (ZooKeeper zk = Zk.connect(cluster.connectString(old), SESSION_MS, null)) {
            sync(zk, "/");
            assertThat(zk.exists("/new-epoch", false)).as("the new leader's write on the old leader").isNotNull();
        }
    }

    @Test
    void aLeaderThatCannotReachOneFollowerKeepsLeading() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        long epoch = cluster.status().get(leader).epoch();
        int deaf = leader % 3 + 1;
        cluster.partitionOneWay(leader, deaf);
        try (ZooKeeper zk = Zk.connect(cluster.connectString(leader), SESSION_MS, null)) {
            await("the leader keeps its epoch while node " + deaf + " hears nothing from it").during(CUT_OFF_WATCH)
                    .atMost(CUT_OFF_WATCH.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        LocalCluster.NodeStatus s = cluster.status().get(leader);
                        return s.mode().equals("leader") && s.epoch() == epoch;
                    });
            zk.create("/one-way", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        cluster.heal();
        cluster.awaitConverged();
        assertThat(cluster.leader()).isEqualTo(leader);
        assertThat(cluster.status().get(leader).epoch()).isEqualTo(epoch);
        try (ZooKeeper zk = Zk.connect(cluster.connectString(deaf), SESSION_MS, null)) {
            sync(zk, "/");
            assertThat(zk.exists("/one-way", false)).isNotNull();
        }
    }

    /** An acknowledged create is on every node, with its czxid. */
    private static void checkOnEveryNode(LocalCluster cluster, CreateResult result) throws Exception {
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
