package io.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the simulator over many seeds: {@code -Dsim.seeds=N} (default 500) across 3- and 5-node
 * ensembles (and observers), or one seed with {@code -Dsim.seed=N} (printing its trace). A
 * failing seed is printed with its violations and the end of its trace.
 */
class SimTest {
    @Test
    void seedsRunWithoutViolations() {
        Long only = Long.getLong("sim.seed");
        int seeds = Integer.getInteger("sim.seeds", 500);
        long first = Long.getLong("sim.firstSeed", 1);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        long ops = 0;
        int runs = 0;
        for (long seed = only != null ? only : first; seed < (only != null ? only + 1 : first + seeds); seed++) {
            SimCluster.Result result = SimRuns.run(seed, only != null);
            runs++;
            ops += result.ops();
            if (!result.ok()) {
                failures.add(SimRuns.describe(result));
                if (failures.size() >= 3) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("sim: %d seeds, %d violations, %.1f seeds/s, %d client ops%n", runs, failures.size(),
                runs / seconds, ops);
        assertThat(failures).as("failing seeds").isEmpty();
    }
}
