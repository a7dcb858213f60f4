package io.paddock.model;

/**
 * Always-on assertions for programmer errors (Java's assert is off by default), the one place
 * every room checks its invariants: a failed check throws {@link IllegalStateException}, which
 * the node treats as a reason to halt (node.Halt). Hot paths use
 * the overloads with {@code long} arguments and {@code %x}/{@code %d} formats: nothing is
 * formatted, boxed or allocated unless the check fails.
 */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** One object argument: no varargs array on a hot path (e.g. every tree apply). */
    public static void that(boolean condition, String format, Object a) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a));
        }
    }

    public static void that(boolean condition, String format, long a) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a));
        }
    }

    public static void that(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a, b));
        }
    }

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
