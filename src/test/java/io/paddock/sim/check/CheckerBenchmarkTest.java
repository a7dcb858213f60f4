package io.paddock.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A micro benchmark at the simulator's scale: 20,000 operations over 50 keys from 10 clients
 * (40% of reads plain, some writes without reply), and the same on 2 hot keys; then one read of
 * such a history made impossible, to time finding and explaining a violation. It prints the
 * checking rate and asserts only the verdict and the explanation's size: timing on a shared two-core machine is not a
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

    @Test
    void findsAndExplainsOneBadReadInASimulatorSizedHistory() {
        List<Op> history = new ArrayList<>(RegisterSimulation.generate(
                new RegisterSimulation.Config(10, 20_000, 50, 8, 40, 1, 1, 0, true), new SplittableRandom(7)));
        // The first strict getData after the middle returns data nobody wrote.
        int middle = history.size() / 2;
        int index = middle;
        while (!isStrictDataRead(history.get(index))) {
            index++;
        }
        Op read = history.get(index);
        Op stale = Op.ok(read.clientId(), read.key(), read.input(), read.invokeTime(), read.completeTime(),
                ZkOutput.data("never-written", read.output().version()), read.zxid());
        history.set(index, stale);

        long start = System.nanoTime();
        CheckResult result = LinearizabilityChecker.check(history);
        long elapsedNanos = System.nanoTime() - start;

        assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.VIOLATION);
        assertThat(result.violations()).hasSize(1);
        Violation violation = result.violations().get(0);
        assertThat(violation.ops()).as(violation.text()).contains(stale).hasSizeLessThanOrEqualTo(3);
        System.out.printf("lincheck bench (one bad read): %d ops, violation found and explained in %.1f ms%n%s",
                history.size(), elapsedNanos / 1e6, violation.text());
    }

    private static boolean isStrictDataRead(Op op) {
        return op.outcome() == Outcome.OK && op.kind() == ZkInput.Kind.GET_DATA && !op.input().isPlainRead()
                && op.output().code() == ZkCode.OK;
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
