package io.paddock.sim.check;

import java.util.List;

/**
 * What one search of one partition found.
 *
 * <p>Immutable value, usable from any thread. The stuck fields describe the latest point any branch of the search
 * reached and could not pass: the completion of {@code stuckOp}, at {@code stuckTime}, from one
 * of {@code stuckStates} (at most a few, for diagnostics). Every operation invoked after
 * {@code stuckTime} is irrelevant to a violation: the operations invoked up to then cannot be
 * linearized by themselves.
 *
 * @param verdict     OK, VIOLATION, or UNKNOWN when the budget ran out
 * @param steps       steps taken
 * @param stuckOp     index (in the list searched) of the operation whose completion no branch
 *                    could pass, -1 when no branch got stuck
 * @param stuckTime   that operation's completion time, {@link Long#MIN_VALUE} when none
 * @param stuckStates some states the search was in when stuck there
 * @param <S>         the model's state type
 */
public record SearchResult<S>(Verdict verdict, long steps, int stuckOp, long stuckTime, List<S> stuckStates) {
    /** Copies the states so the record stays immutable. */
    public SearchResult {
        stuckStates = List.copyOf(stuckStates);
    }
}
