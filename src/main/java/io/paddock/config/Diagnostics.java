package io.paddock.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors and warnings collected while loading one configuration.
 *
 * <p>Loading never stops at the first problem: every stage appends here and carries on, so that
 * the user sees every mistake in one run (etcd's {@code Config.validate} style). It is
 * single-use and confined to the thread running {@link ConfigLoader#load}. Invariant: messages
 * are one line each and appear in the order they were found.
 */
final class Diagnostics {
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(String message) {
        errors.add(message);
    }

    void warning(String message) {
        warnings.add(message);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
