package io.paddock.sim.check;

import io.paddock.sim.check.SearchOp.Window;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks one partition of a history (one key) against a {@link Model}: the entry point to the
 * generic search, for the ZooKeeper register and for any model added later.
 *
 * <p>Without operations that lack a reply, this is one complete {@link LinearizabilitySearch}.
 * With them, it is iterative deepening over how freely they are placed: searches allowing at
 * most 1, 2, 4, then 8 of them in a row (and twice as many tried per stuck node), sharing at
 * most half the budget, then the complete search on the rest. A linearization any search
 * finds is real, and a failure is believed only from a search that no limit cut. The complete
 * search alone can drown in chains of timed-out writes tried at every stuck node of a branch
 * that went wrong earlier; the limited ones usually find the linearization in a few steps per
 * operation.
 *
 * <p>Stateless; every method is a pure function of its arguments (apart from reading the clock
 * when the budget has a time limit), safe on any thread.
 */
public final class Linearizability {
    /** Steps per operation the first limited search gets; each next one gets four times more. */
    private static final long LIMITED_STEPS_PER_OP = 100;
    private static final int RUN_LIMIT_MAX = 8;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private Linearizability() {
    }

    /**
     * Whether {@code ops} can be linearized starting from {@code initial}, within {@code budget}.
     *
     * @param model   the sequential specification
     * @param ops     the operations of one partition, in any order
     * @param initial the state before the first operation (usually {@code model.init()})
     * @param budget  the steps and time this check may use in all
     * @return the verdict; {@code stuckOp} indexes {@code ops}
     */
    public static <S, I, O> SearchResult<S> check(Model<S, I, O> model, List<SearchOp<I, O>> ops, S initial,
            Budget budget) {
        Objects.requireNonNull(initial, "initial");
        if (ops.stream().noneMatch(op -> op.window() == Window.OPEN_ENDED)) {
            return new LinearizabilitySearch<>(model, ops, UNLIMITED, UNLIMITED).run(initial, budget, null, 0);
        }
        long startNanos = System.nanoTime();
        long stepsSpent = 0;
        long limitedSteps = LIMITED_STEPS_PER_OP * Math.max(1, ops.size());
        for (int limit = 1; limit <= RUN_LIMIT_MAX; limit *= 2, limitedSteps *= 4) {
            Budget share = share(budget, stepsSpent, startNanos, limitedSteps);
            if (share == null) {
                break;
            }
            LinearizabilitySearch<S, I, O> limited = new LinearizabilitySearch<>(model, ops, limit, 2 * limit);
            SearchResult<S> result = limited.run(initial, share, null, 0);
            stepsSpent += result.steps();
            boolean conclusive = result.verdict() == Verdict.OK
                    || result.verdict() == Verdict.VIOLATION && !limited.pruned();
            if (conclusive) {
                return withSteps(result, stepsSpent);
            }
        }
        Budget rest = share(budget, stepsSpent, startNanos, Long.MAX_VALUE);
        if (rest == null) {
            return new SearchResult<>(Verdict.UNKNOWN, stepsSpent, -1, Long.MIN_VALUE, List.of());
        }
        SearchResult<S> complete = new LinearizabilitySearch<>(model, ops, UNLIMITED, UNLIMITED)
                .run(initial, rest, null, 0);
        return withSteps(complete, stepsSpent + complete.steps());
    }

    /**
     * Every state in which some linearization of the completed operations of {@code ops} can end,
     * each operation without a reply having taken effect before the end or not (yet); or
     * {@code null} when there are more than {@code statesMax}, or when the budget runs out. An
     * empty set means no linearization exists.
     */
    public static <S, I, O> Set<S> finalStates(Model<S, I, O> model, List<SearchOp<I, O>> ops, S initial,
            Budget budget, int statesMax) {
        Set<S> finals = new LinkedHashSet<>();
        SearchResult<S> result = new LinearizabilitySearch<>(model, ops, UNLIMITED, UNLIMITED)
                .run(Objects.requireNonNull(initial, "initial"), budget, finals, statesMax);
        return result.verdict() == Verdict.UNKNOWN ? null : finals;
    }

    /**
     * The budget for the next search: for a limited one (a finite {@code stepsCap}), at most that
     * many steps out of the first half of {@code budget}, and the first half of its time; for the
     * complete one, everything left. Null when nothing is left for it.
     */
    private static Budget share(Budget budget, long stepsSpent, long startNanos, long stepsCap) {
        boolean limited = stepsCap != Long.MAX_VALUE;
        long stepsPool = limited ? budget.stepsMax() / 2 : budget.stepsMax();
        long steps = Math.min(stepsCap, stepsPool - stepsSpent);
        long timeNanos = Long.MAX_VALUE;
        if (budget.timed()) {
            long timePool = limited ? budget.timeMaxNanos() / 2 : budget.timeMaxNanos();
            timeNanos = timePool - (System.nanoTime() - startNanos);
        }
        return steps < 1 || timeNanos < 1 ? null : new Budget(steps, timeNanos);
    }

    private static <S> SearchResult<S> withSteps(SearchResult<S> result, long steps) {
        return new SearchResult<>(result.verdict(), steps, result.stuckOp(), result.stuckTime(), result.stuckStates());
    }
}
