package io.paddock.sim;

import java.util.List;

/** Checks the client history of a run (provisional: filled in with the WGL checker). */
final class SimLinearizability {
    private SimLinearizability() {}

    static void check(List<SimOp> history, SimChecker checker) {
    }
}
