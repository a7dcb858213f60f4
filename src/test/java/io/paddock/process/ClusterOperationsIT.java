package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.it.AclCases;
import io.paddock.it.ZkOperationsCases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone suite's core cases ({@link ZkOperationsCases}: every op, node type and watch
 * kind, multi; {@link AclCases}: world, digest, auth, ip and super ACLs) against a 3-node
 * ensemble of real processes started by cluster.sh, with each session on a different node: for
 * each operations case the writing session is on one node and the watching session on the next
 * (so watches fire on a node the write did not go through), rotating over the nodes case by
 * case; each ACL client is on the next node in turn. Last, every node must hold the same tree.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ClusterOperationsIT {
    private static final int SESSION_MS = 10_000;

    @RegisterExtension
    static final Clusters CLUSTERS = Clusters.perClass();

    @TempDir
    static Path tmp;
    static LocalCluster cluster;
    /** One session per node, node i's at index i - 1. */
    static final List<ZooKeeper> SESSIONS = new ArrayList<>();
    static int placement;

    @BeforeAll
    static void start() throws Exception {
        cluster = CLUSTERS.in(tmp.resolve("cluster"));
        cluster.start(3, 0, "\"containerCheckIntervalMs\": 200, \"maxClientCnxns\": 0, \"superDigest\": \""
                + AclCases.superDigest() + "\"");
        for (int id = 1; id <= 3; id++) {
            SESSIONS.add(Zk.connect(cluster.connectString(id), SESSION_MS, null));
        }
    }

    @AfterAll
    static void closeSessions() {
        SESSIONS.forEach(RestartIT::closeQuietly);
        SESSIONS.clear();
    }

    /** The node a session is connected to, from the "remoteserver:" the client's toString names. */
    static int nodeOf(ZooKeeper zk) {
        return cluster.nodeOf(zk);
    }

    @Nested
    @Order(1)
    class Operations extends ZkOperationsCases {
        private ZooKeeper writer;
        private ZooKeeper watching;

        @BeforeEach
        void placeSessions() {
            writer = SESSIONS.get(placement % 3);
            watching = SESSIONS.get((placement + 1) % 3);
            placement++;
            assertThat(nodeOf(writer)).as("writer's and watcher's nodes").isNotEqualTo(nodeOf(watching));
        }

        @Override
        protected ZooKeeper zk() {
            return writer;
        }

        @Override
        protected ZooKeeper watcher() {
            return watching;
        }
    }

    @Nested
    @Order(2)
    class Acls extends AclCases {
        @Override
        protected ZooKeeper client() throws Exception {
            return Zk.connect(cluster.connectString(placement++ % 3 + 1), SESSION_MS, null);
        }
    }

    @Nested
    @Order(3)
    class Afterwards {
        @Test
        void everyNodeHoldsTheSameTree() throws Exception {
            List<SortedMap<String, String>> trees = new ArrayList<>();
            for (ZooKeeper zk : SESSIONS) {
                // The super user reads the znodes whose ACLs shut everyone else out.
                zk.addAuthInfo("digest", AclCases.SUPER_USER.getBytes(StandardCharsets.UTF_8));
                ZkOperationsCases.sync(zk, "/");
                trees.add(Trees.read(zk, "/"));
            }
            assertThat(trees.get(0)).as("node 1's tree").containsKeys("/a", "/m/a", "/locked", "/ip-ok");
            assertThat(trees.get(1)).as("node 2's tree against node 1's").isEqualTo(trees.get(0));
            assertThat(trees.get(2)).as("node 3's tree against node 1's").isEqualTo(trees.get(0));
        }

        /**
         * The tree digest, as the {@code hash} four-letter word reports it (ZooKeeper's
         * {@code 4lw.commands.whitelist=*} enables it; so does the test cluster's "*"), is the same
         * on every node once they are on one zxid.
         */
        @Test
        void everyNodeReportsTheSameDigest() {
            cluster.awaitConverged();
            List<String> digests = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                String hash = cluster.fourLetterWord(id, "hash");
                assertThat(hash).as("node %d's answer to hash", id).startsWith("Digest in hex: ");
                digests.add(hash.strip());
            }
            assertThat(digests).as("digests of nodes 1, 2, 3").containsOnly(digests.get(0));
        }
    }
}
