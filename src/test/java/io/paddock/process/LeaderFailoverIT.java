package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader of a 3-node ensemble is SIGKILLed under a steady create load ({@link CreateLoad}:
 * six sessions, two starting on each node, each able to move on to the others), a new leader
 * takes over, and every create acknowledged before, during or after the failover is there
 * afterwards: read back through a surviving node, and on every node (the killed one restarted)
 * once all have caught up. Prints the time from the killed process being gone to the first
 * acknowledgement of a create issued after that, necessarily through a surviving node (no
 * assertion on it).
 */
class LeaderFailoverIT {
    private static final int SESSION_MS = 15_000;
    private static final int WRITERS_PER_NODE = 2;
    private static final long ACKS_BEFORE_KILL = 1500;
    private static final long ACKS_AFTER_KILL = 1500;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedCreateSurvivesTheLeadersSigkill() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        try (ZooKeeper setup = Zk.connect(cluster.connectString(), SESSION_MS, null)) {
            setup.create("/load", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        int leader = cluster.leader();
        long epochBefore = cluster.status().get(leader).epoch();
        Map<String, Long> acked;
        long killNanos;
        long goneNanos;
        try (CreateLoad load = new CreateLoad("/load", writerOrders(cluster), SESSION_MS)) {
            await("acks before the kill").atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() >= ACKS_BEFORE_KILL);
            killNanos = System.nanoTime();
            cluster.kill(leader);
            // The script returns once the process is gone: whatever is issued after this reaches a survivor.
            goneNanos = System.nanoTime();
            int next = cluster.awaitLeader(leader);
            await("acks of creates issued after the kill").atMost(Duration.ofSeconds(90))
                    .until(() -> load.ackedIssuedAfter(goneNanos) >= ACKS_AFTER_KILL);
            load.stop();
            await("every create answered").atMost(Duration.ofSeconds(60)).until(load::drained);
            acked = load.acked();
            System.out.printf("LeaderFailoverIT: leader %d (epoch %d) SIGKILLed (cluster.sh kill took %d ms); node %d leads "
                    + "in epoch %d; from the process being gone to the first acknowledged create issued after it: %d ms; "
                    + "results %s%n", leader, epochBefore, (goneNanos - killNanos) / 1_000_000, next,
                    cluster.status().get(next).epoch(),
                    (load.firstAckOfIssuedAfter(goneNanos).orElseThrow() - goneNanos) / 1_000_000, load.resultCounts());
            assertThat(load.resultCounts().keySet()).as("result codes of unique creates").isSubsetOf("OK", "CONNECTIONLOSS");
            assertThat(cluster.status().get(next).epoch()).as("the new leader's epoch").isGreaterThan(epochBefore);
            assertThat(acked.values()).as("czxids of acknowledged creates").doesNotHaveDuplicates();
            checkEveryAckOnASurvivor(cluster, next, acked, load.ops().keySet());
        }
        cluster.restart(leader);
        cluster.awaitConverged();
        for (int id = 1; id <= 3; id++) {
            checkEveryAckOn(cluster, id, acked, null);
        }
    }

    /** Two writers per node, each trying its home node first and then the others. */
    private static List<List<Integer>> writerOrders(LocalCluster cluster) {
        List<List<Integer>> orders = new ArrayList<>();
        for (int w = 0; w < 3 * WRITERS_PER_NODE; w++) {
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                order.add(cluster.clientPort((w + k) % 3 + 1));
            }
            orders.add(order);
        }
        return orders;
    }

    /** Through the new leader: every acknowledged create with its data and czxid; nothing that was never issued. */
    private static void checkEveryAckOnASurvivor(LocalCluster cluster, int id, Map<String, Long> acked, Set<String> issued)
            throws Exception {
        Set<String> children = checkEveryAckOn(cluster, id, acked, issued);
        try (ZooKeeper zk = Zk.connect(cluster.connectString(id), SESSION_MS, null)) {
            for (Map.Entry<String, Long> ack : acked.entrySet()) {
                org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
                assertThat(new String(zk.getData(ack.getKey(), false, stat), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(ack.getKey());
                assertThat(stat.getCzxid()).as("czxid of %s", ack.getKey()).isEqualTo(ack.getValue());
            }
        }
        assertThat(children.size()).as("creates on node %d: acknowledged ones and some whose reply was lost", id)
                .isGreaterThanOrEqualTo(acked.size());
    }

    /** Node {@code id} (after a sync) holds every acknowledged create, and only issued ones; returns its children. */
    private static Set<String> checkEveryAckOn(LocalCluster cluster, int id, Map<String, Long> acked, Set<String> issued)
            throws Exception {
        try (ZooKeeper zk = Zk.connect(cluster.connectString(id), SESSION_MS, null)) {
            sync(zk, "/load");
            Set<String> children = new HashSet<>();
            for (String child : zk.getChildren("/load", false)) {
                children.add("/load/" + child);
            }
            Set<String> missing = new HashSet<>(acked.keySet());
            missing.removeAll(children);
            assertThat(missing).as("acknowledged creates missing on node %d (of %d acknowledged)", id, acked.size()).isEmpty();
            if (issued != null) {
                assertThat(issued).as("issued creates").containsAll(children);
            }
            return children;
        }
    }
}
