package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded chaos run on real processes (issue 9): a 3-node ensemble under SIGKILLs, SIGSTOPs,
 * partitions and one-way cuts for {@code -Dchaos.seconds} (default 75) while clients run the
 * mixed workload; no acknowledged write may be lost, the history must be linearizable (sync +
 * read strictly, plain reads in ZooKeeper's model), and no ephemeral may outlive its session.
 * Longer runs: scripts/chaos.sh.
 */
class ChaosIT {
    @TempDir
    Path dir;

    @Test
    void anAttackedEnsembleLosesNothingAndStaysLinearizable() throws Exception {
        int seconds = Integer.getInteger("chaos.seconds", 75);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        ChaosRunner.Summary summary = new ChaosRunner(new ChaosRunner.Options(3, seconds,
                Set.of("kill", "pause", "partition", "oneway"), seed, 8, dir.resolve("cluster"),
                Path.of("scripts/cluster.sh").toAbsolutePath())).run();
        assertThat(summary.lost()).as(summary.line()).isZero();
        assertThat(summary.linearizable()).as(summary.line()).isTrue();
        assertThat(summary.ephemeralsLeft()).as("ephemerals left after their sessions closed").isZero();
        assertThat(summary.ok()).as("the clients got work done").isGreaterThan(200);
    }
}
