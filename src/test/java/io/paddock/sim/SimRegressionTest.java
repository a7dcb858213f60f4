package io.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds that once found a real bug, kept so the bug stays fixed (docs/testing.md tells each
 * story):
 * <ul>
 * <li>90: a node that stepped back from a failed pre-vote counted late grants from its earlier
 *     real campaign and became a second leader of an epoch that already had one;
 * <li>490: a follower acknowledged entries to the old leader after a new leader's TRUNC had
 *     dropped them from the batch still waiting for the disk, a durability promise it could not
 *     keep (the old leader could have committed them with that acknowledgement).
 * </ul>
 */
class SimRegressionTest {
    @ParameterizedTest
    @ValueSource(longs = {90, 490})
    void formerlyFailingSeedsPass(long seed) {
        SimCluster.Result result = SimRuns.run(seed, false);
        assertThat(result.violations()).as(SimRuns.describe(result)).isEmpty();
        assertThat(result.ops()).as("the run did client work").isGreaterThan(100);
    }
}
