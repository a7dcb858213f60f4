package io.paddock.sim.check;

import java.util.Objects;

/**
 * One operation of one partition as the linearizability search sees it: its input, its output,
 * its session, and the window of the linearization in which it may take effect.
 *
 * <p>Immutable value, usable from any thread; the search never changes it. Invariants: {@code invokeTime <=
 * completeTime}; the output is {@code null} exactly when the window is {@link Window#OPEN_ENDED}.
 *
 * @param clientId     the session that issued the operation
 * @param input        what the operation asked
 * @param output       what came back, {@code null} when nothing came back
 * @param invokeTime   when the client sent it (any monotonic unit, one clock for the whole history)
 * @param completeTime when the reply arrived; {@link Long#MAX_VALUE} when it never did
 * @param window       where in the linearization the operation may be placed
 * @param <I>          the model's input type
 * @param <O>          the model's output type
 */
public record SearchOp<I, O>(long clientId, I input, O output, long invokeTime, long completeTime,
        Window window) {

    /** Where an operation may be placed in a linearization. */
    public enum Window {
        /**
         * A completed operation, placed between its invocation and its completion (the usual
         * linearizability rule: after every operation that completed before it was invoked).
         */
        REAL_TIME,
        /**
         * An operation whose reply never came: placed anywhere after its invocation, or never
         * (which the search gets by placing it after everything that matters).
         */
        OPEN_ENDED,
        /**
         * A completed read that may be stale (a ZooKeeper read without sync): placed after every
         * earlier-invoked completed operation of its own session, and before every operation
         * invoked after it completed, but free to come before other sessions' operations that
         * completed before it was invoked. The model step must not change the state.
         */
        SESSION
    }

    /** Checks the invariants. */
    public SearchOp {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(window, "window");
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("completeTime " + completeTime + " before invokeTime " + invokeTime);
        }
        if ((output == null) != (window == Window.OPEN_ENDED)) {
            throw new IllegalArgumentException("output must be null exactly for an OPEN_ENDED operation");
        }
        if (window == Window.OPEN_ENDED && completeTime != Long.MAX_VALUE) {
            throw new IllegalArgumentException("an OPEN_ENDED operation completes at Long.MAX_VALUE");
        }
        if (window != Window.OPEN_ENDED && completeTime == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a completed operation needs a completeTime below Long.MAX_VALUE");
        }
    }
}
