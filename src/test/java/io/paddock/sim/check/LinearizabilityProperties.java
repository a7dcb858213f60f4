package io.paddock.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The checker is not over-strict: histories that a correct register produces ({@link
 * RegisterSimulation}: random overlapping intervals around hidden linearization points, stale
 * plain reads, pipelined sessions, writes without reply that land late or never) always pass.
 * And it bites: on small histories it agrees exactly with {@link BruteForce}, a reference written
 * from the definition on an independent register, after one read is changed (so every observable
 * mutation is caught and no unobservable one reported), after any output is changed, and after
 * half the reads are changed (a mix near the boundary). Explanations are subsets of the history
 * that fail on their own and still fail with everything before their cut put back.
 */
class LinearizabilityProperties {

    /** Small enough for the brute force, with long operations so that most of them overlap. */
    static RegisterSimulation.Config small(int clients, int ops, boolean uniqueValues) {
        return new RegisterSimulation.Config(clients, ops, 1, 12, 60, 10, 5, 20, uniqueValues);
    }

    @Property(tries = 200)
    void historiesOfARealRegisterAreLinearizable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 4) int keys, @ForAll boolean uniqueValues) {
        RegisterSimulation.Config config = new RegisterSimulation.Config(clients, 200, keys, 8, 40, 3, 3, 10, uniqueValues);
        List<Op> history = RegisterSimulation.generate(config, new SplittableRandom(seed));

        CheckResult result = LinearizabilityChecker.check(history);

        assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.OK);
    }

    @Property(tries = 1000)
    void mutatedReadIsCaughtExactlyWhenTheMutationIsObservable(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 4) int clients, @ForAll @IntRange(min = 2, max = 7) int ops,
            @ForAll boolean uniqueValues) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> history = RegisterSimulation.generate(small(clients, ops, uniqueValues), random);
        assertThat(BruteForce.linearizable(history)).as("the generator's history is valid").isTrue();
        List<Integer> reads = indexesWhere(history, op -> op.outcome() == Outcome.OK && op.input().isRead());
        Assume.that(!reads.isEmpty());
        List<Op> mutated = Mutations.replace(history, reads.get(random.nextInt(reads.size())), random);

        boolean linearizable = BruteForce.linearizable(mutated);
        Verdict verdict = LinearizabilityChecker.check(mutated).verdict();

        assertThat(verdict).as(lines(mutated)).isEqualTo(linearizable ? Verdict.OK : Verdict.VIOLATION);
        Statistics.label("mutation").collect(linearizable ? "not observable" : "caught");
        Statistics.label("mutation").coverage(c -> {
            c.check("caught").percentage(p -> p >= 40);
            c.check("not observable").percentage(p -> p >= 3);
        });
    }

    @Property(tries = 1000)
    void anyMutatedOutputGetsTheBruteForceVerdict(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int clients,
            @ForAll @IntRange(min = 2, max = 7) int ops) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> history = RegisterSimulation.generate(small(clients, ops, random.nextBoolean()), random);
        List<Integer> answered = indexesWhere(history, op -> op.outcome() == Outcome.OK);
        Assume.that(!answered.isEmpty());
        List<Op> mutated = Mutations.replace(history, answered.get(random.nextInt(answered.size())), random);

        boolean linearizable = BruteForce.linearizable(mutated);

        assertThat(LinearizabilityChecker.check(mutated).verdict()).as(lines(mutated))
                .isEqualTo(linearizable ? Verdict.OK : Verdict.VIOLATION);
        Statistics.label("verdict").collect(linearizable ? "OK" : "VIOLATION");
        Statistics.label("verdict").coverage(c -> c.check("VIOLATION").percentage(p -> p >= 40));
    }

    @Property(tries = 1000)
    void historiesWithManyMutatedReadsGetTheBruteForceVerdict(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 4) int clients, @ForAll @IntRange(min = 3, max = 8) int ops) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> mutated = RegisterSimulation.generate(small(clients, ops, true), random);
        for (int i = 0; i < mutated.size(); i++) {
            if (mutated.get(i).outcome() == Outcome.OK && mutated.get(i).input().isRead() && random.nextBoolean()) {
                mutated = Mutations.replace(mutated, i, random);
            }
        }

        boolean linearizable = BruteForce.linearizable(mutated);

        assertThat(LinearizabilityChecker.check(mutated).verdict()).as(lines(mutated))
                .isEqualTo(linearizable ? Verdict.OK : Verdict.VIOLATION);
        Statistics.label("verdict").collect(linearizable ? "OK" : "VIOLATION");
        Statistics.label("verdict").coverage(c -> {
            c.check("OK").percentage(p -> p >= 10);
            c.check("VIOLATION").percentage(p -> p >= 10);
        });
    }

    @Property(tries = 100)
    void explanationsAreSubsetsThatFailOnTheirOwn(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int clients,
            @ForAll @IntRange(min = 10, max = 80) int ops) {
        SplittableRandom random = new SplittableRandom(seed);
        RegisterSimulation.Config config = new RegisterSimulation.Config(clients, ops, 1, 6, 40, 8, 3, 10, true);
        List<Op> history = RegisterSimulation.generate(config, random);
        List<Integer> answered = indexesWhere(history, op -> op.outcome() == Outcome.OK);
        Assume.that(!answered.isEmpty());
        List<Op> mutated = Mutations.replace(history, answered.get(random.nextInt(answered.size())), random);

        CheckResult result = LinearizabilityChecker.check(mutated);
        Assume.that(result.verdict() == Verdict.VIOLATION);

        Violation violation = result.violations().get(0);
        assertThat(mutated).as(violation.text()).containsAll(violation.ops());
        assertThat(violation.startStates()).as(violation.text()).isNotEmpty();
        assertThat(LinearizabilityChecker.verdictFrom(violation.ops(), violation.startStates(), Budget.DEFAULT))
                .as(violation.text()).isEqualTo(Verdict.VIOLATION);
        assertThat(CheckResultsTest.faithful(mutated, violation)).as(violation.text()).isTrue();
        Statistics.label("explanation size").collect(violation.ops().size() <= 5 ? "<= 5" : "> 5");
    }

    static List<Integer> indexesWhere(List<Op> history, java.util.function.Predicate<Op> test) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (test.test(history.get(i))) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    static String lines(List<Op> history) {
        return history.stream().map(Op::line).collect(Collectors.joining("\n", "\n", "\n"));
    }
}
