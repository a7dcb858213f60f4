package io.paddock.sim.check;

import java.time.Duration;

/**
 * How much search one key may use before its verdict is {@link Verdict#UNKNOWN}.
 *
 * <p>A step is one attempt to place one operation (or one backtrack), so a step budget gives the
 * same verdict on every machine, which the seeded simulator needs; a time budget suits the chaos
 * runner, whose histories are not replayable anyway. Both may be set; the first one exhausted
 * stops the search. The memo grows by at most one entry per step, so the step budget also bounds
 * the memory of one key's search (roughly 150 bytes per entry for a few hundred operations).
 *
 * <p>Immutable value, usable from any thread.
 *
 * @param stepsMax     steps one key's search may take; at least 1
 * @param timeMaxNanos wall-clock time one key's search may take; {@link Long#MAX_VALUE} for no limit
 */
public record Budget(long stepsMax, long timeMaxNanos) {
    /** The default per key: generous for a linearizable key of tens of thousands of operations. */
    public static final Budget DEFAULT = steps(1_000_000);

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
