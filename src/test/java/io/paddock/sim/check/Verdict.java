package io.paddock.sim.check;

/**
 * The checker's answer for one key, or for a whole history (the worst over its keys:
 * VIOLATION before UNKNOWN before OK).
 *
 * <p>Owns nothing; an immutable constant used from whatever thread runs the check.
 */
public enum Verdict {
    /** Some linearization explains every completed operation. */
    OK,
    /** The search covered every order and none explains the history. */
    VIOLATION,
    /** The search budget ran out first; this is not a pass. */
    UNKNOWN
}
