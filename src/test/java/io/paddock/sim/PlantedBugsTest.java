package io.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.consensus.Faults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checker that cannot fail is no checker: each known protocol bug, planted in every replica
 * through a test-only switch, must make the simulator report a violation within a bounded
 * number of seeds.
 */
class PlantedBugsTest {
    private static final int SEEDS_MAX = 200;

    @ParameterizedTest
    @ValueSource(strings = {"commitAtMinority", "serveBeforeSync", "ackBeforePersist", "applyOutOfOrder", "voteTwice",
        "skipTruncate"})
    void theSimulatorCatchesThePlantedBug(String bug) {
        Faults fault = switch (bug) {
            case "commitAtMinority" -> new Faults(true, false, false, false, false, false);
            case "serveBeforeSync" -> new Faults(false, true, false, false, false, false);
            case "ackBeforePersist" -> new Faults(false, false, true, false, false, false);
            case "applyOutOfOrder" -> new Faults(false, false, false, true, false, false);
            case "voteTwice" -> new Faults(false, false, false, false, true, false);
            default -> new Faults(false, false, false, false, false, true);
        };
        List<String> caught = new ArrayList<>();
        int seeds = 0;
        for (long seed = 1; seed <= SEEDS_MAX && caught.isEmpty(); seed++) {
            seeds++;
            SimCluster.Result result = new SimCluster(SimRuns.options(seed, false).with(fault)).run();
            caught.addAll(result.violations());
        }
        System.out.printf("planted %s: caught after %d seeds: %s%n", bug, seeds,
                caught.isEmpty() ? "nothing" : caught.get(0));
        assertThat(caught).as("violations reported with %s planted", bug).isNotEmpty();
    }
}
