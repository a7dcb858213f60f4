package io.paddock.model;

/** Always-on assertions for programmer errors (Java's assert is off by default). */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
