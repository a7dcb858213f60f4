package io.paddock.storage;

/**
 * Always-on checks for programmer errors in this package. A failed check throws
 * {@link IllegalStateException}, which the node treats as a reason to halt. Java's {@code assert}
 * is off by default, so it is not used.
 *
 * <p>Stateless; callable from any thread. The overloads without varargs keep the hot path free
 * of allocation when the check passes.
 */
final class Check {
    private Check() {}

    static void that(boolean condition, String message) {
        if (!condition) throw new IllegalStateException(message);
    }

    static void that(boolean condition, String format, long a) {
        if (!condition) throw new IllegalStateException(String.format(format, a));
    }

    static void that(boolean condition, String format, long a, long b) {
        if (!condition) throw new IllegalStateException(String.format(format, a, b));
    }
}
