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
 * takes over, the killed node is restarted and rejoins under the load, and the next leader is
 * killed in turn ({@code -Dfailover.rounds}, default 2). Every create acknowledged before, during
 * or after the failovers is there afterwards: read back through the last leader, and on every
 * node once all have caught up. Prints the time from the killed process being gone to the first
 * acknowledgement of a create issued after that, necessarily through a surviving node (no
 * assertion on it).
 */
class LeaderFailoverIT {
    private static final int SESSION_MS = 15_000;
    private static final int WRITERS_PER_NODE = 2;
    private static final int IN_FLIGHT = 8;
    private static final long ACKS_BEFORE_KILL = 1000;
    private static final long ACKS_AFTER_KILL = 1000;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedCreateSurvivesTheLeadersSigkill() throws Exception {
        int rounds = Integer.getInteger("failover.rounds", 2);
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        try (ZooKeeper setup = Zk.connect(cluster.connectString(), SESSION_MS, null)) {
            setup.create("/load", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Map<String, Long> acked;
        try (CreateLoad load = new CreateLoad("/load", writerOrders(cluster), SESSION_MS, IN_FLIGHT)) {
            int leader = 0;
            for (int round = 1; round <= rounds; round++) {
                leader = failover(cluster, load, round);
            }
            load.stop();
            await("every create answered").atMost(Duration.ofSeconds(60)).until(load::drained);
            acked = load.acked();
            System.out.printf("LeaderFailoverIT: %d round(s); results %s%n", rounds, load.resultCounts());
            assertThat(load.resultCounts().keySet()).as("result codes of unique creates").isSubsetOf("OK", "CONNECTIONLOSS");
            assertThat(acked.values()).as("czxids of acknowledged creates").doesNotHaveDuplicates();
            checkEveryAckOnASurvivor(cluster, leader, acked, load.ops().keySet());
        }
        cluster.awaitConverged();
        for (int id = 1; id <= 3; id++) {
            checkEveryAckOn(cluster, id, acked, null);
        }
    }

    /**
     * One round: the load runs until {@link #ACKS_BEFORE_KILL} more creates are acknowledged;
     * SIGKILL the leader, wait for the next one and for {@link #ACKS_AFTER_KILL} acknowledgements
     * of creates issued after the kill; pause the load (so the tree stays small) and restart the
     * killed node. Returns the new leader.
     */
    private static int failover(LocalCluster cluster, CreateLoad load, int round) {
        long ackedBefore = load.ackedCount();
        load.resume();
        await("acks before the kill").atMost(Duration.ofSeconds(60))
                .until(() -> load.ackedCount() >= ackedBefore + ACKS_BEFORE_KILL);
        int leader = cluster.leader();
        long epochBefore = cluster.status().get(leader).epoch();
        long killNanos = System.nanoTime();
        cluster.kill(leader);
        // The script returns once the process is gone: whatever is issued after this reaches a survivor.
        long goneNanos = System.nanoTime();
        int next = cluster.awaitLeader(leader);
        long epochAfter = cluster.status().get(next).epoch();
        await("acks of creates issued after the kill").atMost(Duration.ofSeconds(90))
                .until(() -> load.ackedIssuedAfter(goneNanos) >= ACKS_AFTER_KILL);
        System.out.printf("LeaderFailoverIT: round %d: leader %d (epoch %d) SIGKILLed (cluster.sh kill took %d ms); node %d "
                + "leads in epoch %d; from the process being gone to the first acknowledged create issued after it: %d ms%n",
                round, leader, epochBefore, (goneNanos - killNanos) / 1_000_000, next, epochAfter,
                (load.firstAckOfIssuedAfter(goneNanos).orElseThrow() - goneNanos) / 1_000_000);
        assertThat(epochAfter).as("the new leader's epoch").isGreaterThan(epochBefore);
        load.pause();
        cluster.restart(leader);
        return next;
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
