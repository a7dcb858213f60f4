package io.paddock.it;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.paddock.process.Clusters;
import io.paddock.process.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DifferentialTest}'s seeded run against a 3-node Paddock ensemble (real processes from
 * {@code scripts/cluster.sh}), each session on a different node, compared step for step with a
 * standalone ZooKeeper 3.9.5. A session syncs before each step that follows another session's,
 * on both sides, so that reads served by a follower see what the other sessions were just told
 * was written; every answer, error code, Stat and ACL must then be ZooKeeper's.
 */
class DifferentialClusterIT {
    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path dir;

    @Test
    void eachSessionOnItsOwnNodeAnswersLikeZooKeeper() {
        assertTimeoutPreemptively(Duration.ofSeconds(400), () -> {
            LocalCluster cluster = clusters.in(dir.resolve("cluster"));
            cluster.start(3, 0, DifferentialTest.clusterSettingsJson());
            String[] connects = new String[DifferentialTest.SESSIONS_PER_RUN];
            for (int i = 0; i < connects.length; i++) {
                connects[i] = cluster.connectString(1 + i % cluster.size());
            }
            DifferentialTest.compareWithZooKeeper(dir.resolve("zk").toFile(), connects, true);
        });
    }
}
