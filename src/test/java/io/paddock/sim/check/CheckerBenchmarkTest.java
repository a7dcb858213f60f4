package io.paddock.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A micro benchmark at the simulator's scale: 20,000 operations over 50 keys from 10 clients
 * (40% of reads plain, some writes without reply), and the same on 2 hot keys. It prints the
 * checking rate and asserts only the verdict: timing on a shared two-core machine is not a
 * test, but the printed figure shows whether 500 seeds fit in CI.
 */
class CheckerBenchmarkTest {
    private static final int WARMUP_RUNS = 3;
    private static final int MEASURED_RUNS = 5;

    @Test
    void checksASimulatorSizedHistory() {
        measure("50 keys", new RegisterSimulation.Config(10, 20_000, 50, 8, 40, 1, 1, 0, true));
    }

    @Test
    void checksAHotKeyHistory() {
        measure("2 hot keys", new RegisterSimulation.Config(10, 20_000, 2, 8, 40, 1, 1, 0, true));
    }

    private static void measure(String label, RegisterSimulation.Config config) {
        List<Op> history = RegisterSimulation.generate(config, new SplittableRandom(42));
        for (int i = 0; i < WARMUP_RUNS; i++) {
            assertThat(LinearizabilityChecker.check(history).verdict()).isEqualTo(Verdict.OK);
        }
        long bestNanos = Long.MAX_VALUE;
        CheckResult result = null;
        for (int i = 0; i < MEASURED_RUNS; i++) {
            long start = System.nanoTime();
            result = LinearizabilityChecker.check(history);
            bestNanos = Math.min(bestNanos, System.nanoTime() - start);
        }
        assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.OK);
        System.out.printf("lincheck bench (%s): %d ops, %d clients, best of %d: %.1f ms, %.0f ops/s, %d steps%n",
                label, history.size(), config.clients(), MEASURED_RUNS, bestNanos / 1e6,
                history.size() / (bestNanos / 1e9), result.steps());
    }
}
