package io.paddock.sim.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks a key's violation to a small set of operations that still cannot be linearized, each
 * step checked by a new search, so an explanation is never claimed without proof.
 *
 * <ol>
 * <li><b>Prefix.</b> The operations invoked up to the latest completion the search could not
 * pass. Any linearization of them would carry the full search past that point, so they cannot
 * be linearized by themselves.</li>
 * <li><b>Cut.</b> At a point where no answered operation is in flight, every earlier one precedes
 * every later one, so the earlier ones can be replaced by the states they can leave the key in
 * (enumerated exactly, plain reads left out so the set can only grow). Writes without reply
 * invoked before the point may have landed before it (the states allow for that) or may land
 * after it, so they stay in the explanation; one landing twice is allowed, which only makes the
 * rest easier to linearize. The latest point from which the rest still cannot be linearized is
 * found by bisection: if the rest after a point fails from its states, so does the rest after
 * any earlier point. A point is only used if every plain read after it has a session
 * predecessor after it too, since a plain read could otherwise look back before the point.</li>
 * <li><b>Drop.</b> Reads and writes that failed with an error code change no state, so removing
 * one cannot change which states the others see, and cannot invent a violation; each is removed
 * when the rest still cannot be linearized. Writes that took effect, or may have, are kept:
 * removing one would shift the versions after it and make a new, false reason to fail.</li>
 * </ol>
 * Cut and drop repeat while they make progress (a drop can open a later cut).
 *
 * <p>Single use, single threaded. Invariant: the current explanation always fails from its
 * start states. The work is bounded: at most {@code CHECKS_MAX} searches, each within the key's
 * budget, together within {@code POOL_FACTOR} times that budget; when it runs out, the
 * explanation found so far is returned.
 */
final class Explainer {
    private static final int STATES_MAX = 8;
    private static final int CHECKS_MAX = 300;
    private static final int ROUNDS_MAX = 3;
    private static final int POOL_FACTOR = 4;

    private final ZkRegisterModel model;
    /** The budget of one search; the explanation as a whole may use {@code POOL_FACTOR} times as much. */
    private final Budget budget;
    private long stepsLeft;
    private final long deadlineNanos;
    private int checksLeft = CHECKS_MAX;

    /** An explainer for one key, with the model made for that key's whole history. */
    Explainer(ZkRegisterModel model, Budget budget) {
        this.model = model;
        this.budget = budget;
        this.stepsLeft = budget.stepsMax() > Long.MAX_VALUE / POOL_FACTOR ? Long.MAX_VALUE
                : budget.stepsMax() * POOL_FACTOR;
        this.deadlineNanos = budget.timed()
                ? System.nanoTime() + Math.min(budget.timeMaxNanos(), Long.MAX_VALUE / (2 * POOL_FACTOR)) * POOL_FACTOR
                : 0;
    }

    /** Explains a violation that {@code full}, the search of all of {@code ops}, found. */
    Violation explain(String key, List<Op> ops, SearchResult<RegisterState> full) {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingLong(Op::invokeTime));
        List<Op> prefix = sorted.stream().filter(op -> op.invokeTime() <= full.stuckTime()).toList();
        Explanation current = new Explanation(prefix, List.of(RegisterState.ABSENT), Long.MIN_VALUE);
        if (!fails(current)) {
            // The proof says the prefix fails; if a budget says otherwise, explain with everything.
            current = new Explanation(sorted, List.of(RegisterState.ABSENT), Long.MIN_VALUE);
        }
        for (int round = 0; round < ROUNDS_MAX; round++) {
            Explanation shrunk = drop(latestCut(current));
            boolean progress = shrunk.ops().size() < current.ops().size();
            current = shrunk;
            if (!progress) {
                break;
            }
        }
        return new Violation(key, current.ops(), current.starts(), current.cutTime(), stuckOp(current), ops.size());
    }

    /** The latest quiescent cut of {@code explanation} after which the rest still fails. */
    private Explanation latestCut(Explanation explanation) {
        List<Op> ops = explanation.ops();
        List<Explanation> cuts = new ArrayList<>();
        cuts.add(explanation);
        Set<RegisterState> states = new LinkedHashSet<>(explanation.starts());
        List<Op> pending = new ArrayList<>();
        long completeMax = Long.MIN_VALUE;
        int segmentStart = 0;
        for (int i = 0; i < ops.size(); i++) {
            // completeMax is only set once an answered op went by: a cut needs one before it.
            if (completeMax != Long.MIN_VALUE && completeMax < ops.get(i).invokeTime()) {
                List<Op> segment = new ArrayList<>(pending);
                segment.addAll(ops.subList(segmentStart, i).stream().filter(op -> !isPending(op)).toList());
                states = advance(states, segment);
                if (states == null) {
                    break;
                }
                segmentStart = i;
                List<Op> after = new ArrayList<>(pending);
                after.addAll(ops.subList(i, ops.size()));
                if (plainReadsGatedWithin(after)) {
                    cuts.add(new Explanation(after, List.copyOf(states), ops.get(i).invokeTime()));
                }
            }
            if (isPending(ops.get(i))) {
                pending.add(ops.get(i));
            } else {
                completeMax = Math.max(completeMax, ops.get(i).completeTime());
            }
        }
        int failing = 0;
        int notFailing = cuts.size();
        while (notFailing - failing > 1) {
            int middle = (failing + notFailing) >>> 1;
            if (fails(cuts.get(middle))) {
                failing = middle;
            } else {
                notFailing = middle;
            }
        }
        return cuts.get(failing);
    }

    /**
     * The states {@code segment} can leave the key in from any of {@code states}, each write
     * without reply in it having landed or not; null when too many or too costly.
     */
    private Set<RegisterState> advance(Set<RegisterState> states, List<Op> segment) {
        List<Op> constraining = segment.stream().filter(op -> !op.input().isPlainRead()).toList();
        Set<RegisterState> reached = new LinkedHashSet<>();
        for (RegisterState state : states) {
            Budget share = share();
            if (share == null) {
                return null;
            }
            // The plain model keeps every value, so that the explanation shows the data itself.
            Set<RegisterState> finals = new LinkedHashSet<>();
            SearchResult<RegisterState> result = new LinearizabilitySearch<>(ZkRegisterModel.INSTANCE,
                    LinearizabilityChecker.searchOps(constraining), Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .run(state, share, finals, STATES_MAX);
            stepsLeft -= result.steps();
            if (result.verdict() == Verdict.UNKNOWN) {
                return null;
            }
            reached.addAll(finals);
            if (reached.size() > STATES_MAX) {
                return null;
            }
        }
        // No state at all would make any rest "fail" vacuously; the failure lies earlier then.
        return reached.isEmpty() ? null : reached;
    }

    /** Removes, one at a time, every operation without effect whose removal keeps the failure. */
    private Explanation drop(Explanation explanation) {
        List<Op> kept = new ArrayList<>(explanation.ops());
        int i = 0;
        while (i < kept.size()) {
            Op op = kept.get(i);
            boolean withoutEffect = op.outcome() == Outcome.OK
                    && (op.input().isRead() || op.output().code() != ZkCode.OK);
            if (withoutEffect) {
                List<Op> without = new ArrayList<>(kept);
                without.remove(i);
                boolean faithful = explanation.cutTime() == Long.MIN_VALUE || plainReadsGatedWithin(without);
                if (faithful && fails(new Explanation(without, explanation.starts(), explanation.cutTime()))) {
                    kept = without;
                    continue;
                }
            }
            i++;
        }
        return new Explanation(kept, explanation.starts(), explanation.cutTime());
    }

    /** Whether {@code op} never got a reply, so that it may still take effect after any cut. */
    private static boolean isPending(Op op) {
        return op.outcome() == Outcome.INDETERMINATE;
    }

    /** Whether every plain read in {@code ops} has a session predecessor in {@code ops}, so it cannot look back before them. */
    private static boolean plainReadsGatedWithin(List<Op> ops) {
        for (Op read : ops) {
            if (read.input().isPlainRead() && ops.stream().noneMatch(op -> op.clientId() == read.clientId()
                    && op.outcome() == Outcome.OK && op.invokeTime() < read.invokeTime())) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code explanation} provably cannot be linearized (false when out of checks or budget). */
    private boolean fails(Explanation explanation) {
        for (RegisterState start : explanation.starts()) {
            Budget share = share();
            if (share == null) {
                return false;
            }
            SearchResult<RegisterState> result = LinearizabilityChecker.search(model, explanation.ops(), start, share);
            stepsLeft -= result.steps();
            if (result.verdict() != Verdict.VIOLATION) {
                return false;
            }
        }
        return true;
    }

    /** The budget for the next search: one search's worth, or what is left of the pool; null when spent. */
    private Budget share() {
        if (--checksLeft < 0 || stepsLeft < 1) {
            return null;
        }
        long timeNanos = Long.MAX_VALUE;
        if (budget.timed()) {
            timeNanos = Math.min(budget.timeMaxNanos(), deadlineNanos - System.nanoTime());
            if (timeNanos < 1) {
                return null;
            }
        }
        return new Budget(Math.min(budget.stepsMax(), stepsLeft), timeNanos);
    }

    /** The operation whose completion the search of the explanation gets stuck at last, over its start states. */
    private Op stuckOp(Explanation explanation) {
        Op stuck = null;
        long stuckTime = Long.MIN_VALUE;
        for (RegisterState start : explanation.starts()) {
            Budget share = share();
            if (share == null) {
                break;
            }
            SearchResult<RegisterState> result = LinearizabilityChecker.search(model, explanation.ops(), start, share);
            stepsLeft -= result.steps();
            if (result.stuckOp() >= 0 && result.stuckTime() > stuckTime) {
                stuckTime = result.stuckTime();
                stuck = explanation.ops().get(result.stuckOp());
            }
        }
        return stuck;
    }

    /** A candidate explanation: operations in invocation order, the states they may start from, and when. */
    private record Explanation(List<Op> ops, List<RegisterState> starts, long cutTime) {
    }
}
