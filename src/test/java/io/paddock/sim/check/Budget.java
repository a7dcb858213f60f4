package io.paddock.sim.check;

import java.time.Duration;

/**
 * How much search one key may use before its verdict is {@link Verdict#UNKNOWN}.
 *
 * <p>A step is one attempt to place one operation (or one backtrack), so a step budget gives the
 * same verdict on every machine, which the seeded simulator needs; a time budget suits the chaos
 * runner, whose histories are not replayable anyway. Both may be set; the first one exhausted
 * stops the search. A step is cheap (tens of millions per second); the memo grows by at most one
 * entry per step (in practice about one per hundred, some tens of bytes each), so the step
 * budget also bounds a key's memory. Explaining a violation may take up to four budgets more.
 *
 * <p>Immutable value, usable from any thread.
 *
 * @param stepsMax     steps one key's search may take; at least 1
 * @param timeMaxNanos wall-clock time one key's search may take; {@link Long#MAX_VALUE} for no limit
 */
public record Budget(long stepsMax, long timeMaxNanos) {
    /**
     * The default per key: a linearizable key of 400 operations takes a few thousand steps, a hot
     * key of 10,000 with timeouts a few million.
     */
    public static final Budget DEFAULT = steps(10_000_000);

    /** Checks that both limits are positive. */
    public Budget {
        if (stepsMax < 1) {
            throw new IllegalArgumentException("stepsMax must be at least 1, got " + stepsMax);
        }
        if (timeMaxNanos < 1) {
            throw new IllegalArgumentException("timeMaxNanos must be at least 1, got " + timeMaxNanos);
        }
    }

    /** A budget of steps only: deterministic. */
    public static Budget steps(long stepsMax) {
        return new Budget(stepsMax, Long.MAX_VALUE);
    }

    /** A budget of wall-clock time only (steps unlimited). */
    public static Budget time(Duration timeMax) {
        return new Budget(Long.MAX_VALUE, timeMax.toNanos());
    }

    /** Whether the time limit is set at all (so the search need not read the clock otherwise). */
    boolean timed() {
        return timeMaxNanos != Long.MAX_VALUE;
    }
}
