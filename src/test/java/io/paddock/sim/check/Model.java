package io.paddock.sim.check;

/**
 * A sequential specification the linearizability search checks a history against: a state
 * machine whose steps say which outputs an input may return from a state.
 *
 * <p>Implementations are pure functions (no clock, no randomness, no mutation of the state
 * passed in) and may be called from any thread. States are immutable values whose
 * {@code equals} and {@code hashCode} say when two states behave the same from now on: the
 * search memoises on (set of linearized operations, state), so two states that are equal must
 * accept exactly the same futures, and states that could be merged should be equal (it makes
 * the memo hit more often).
 *
 * @param <S> the state, an immutable value
 * @param <I> an operation's input
 * @param <O> an operation's output
 */
public interface Model<S, I, O> {
    /** The state before any operation. */
    S init();

    /**
     * The state after {@code input} takes effect in {@code state} and returns {@code output}, or
     * {@code null} when {@code output} cannot come from {@code state} (the step is rejected).
     * Returning {@code state} itself is right for an operation without effect (a read, or a
     * write that failed with an error code).
     */
    S step(S state, I input, O output);

    /**
     * The state after {@code input} takes effect in {@code state} with whatever output it would
     * have had: the step of an operation whose reply never came. Never {@code null}, since every
     * input can take effect in every state (perhaps as a failed write that changes nothing).
     */
    S stepIndeterminate(S state, I input);

    /**
     * A key such that inputs with equal keys have the same effect in every state when they take
     * effect without a reply ({@link #stepIndeterminate} returns equal states). Of several such
     * operations without a reply, the search tries only one at a time. The default, the input
     * itself, is always right; a model may merge more.
     */
    default Object effectKey(I input) {
        return input;
    }

    /** One line describing {@code state} for explanations. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
