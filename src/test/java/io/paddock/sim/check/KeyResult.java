package io.paddock.sim.check;

/**
 * The verdict for one key.
 *
 * <p>Immutable value, usable from any thread. Invariant: {@code violation} is set exactly when the verdict is VIOLATION.
 *
 * @param key       the znode path
 * @param verdict   OK, VIOLATION, or UNKNOWN when the budget ran out
 * @param opCount   operations checked on this key (FAILED ones and reads without a reply excluded)
 * @param steps     search steps spent on the verdict (not counting the explanation)
 * @param violation the explanation of a violation, else null
 */
public record KeyResult(String key, Verdict verdict, int opCount, long steps, Violation violation) {
    /** Checks the invariant. */
    public KeyResult {
        if ((verdict == Verdict.VIOLATION) != (violation != null)) {
            throw new IllegalArgumentException("a violation, and only a violation, has an explanation");
        }
    }
}
