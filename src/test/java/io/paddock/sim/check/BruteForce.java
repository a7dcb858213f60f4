package io.paddock.sim.check;

import io.paddock.sim.check.ReferenceRegister.Znode;
import java.util.List;

/**
 * A reference for small histories of one key, written from the definition rather than from the
 * search: try every order of the checked operations (each indeterminate write either placed
 * somewhere or never), keep the orders that respect the precedence rules, and run the register.
 *
 * <p>Precedence: operation {@code a} must come before {@code o} when {@code a} completed before
 * {@code o} was invoked, except when {@code o} is a plain read; a plain read must instead come
 * after every earlier-invoked completed operation of its own session. (A plain read still
 * precedes what was invoked after it completed, by the first rule applied to that later op.)
 *
 * <p>Test helper, stateless; exponential, so for histories of up to about eight operations.
 */
final class BruteForce {
    private BruteForce() {
    }

    /** Whether some order explains {@code history} (one key; FAILED ops and reads without reply are ignored). */
    static boolean linearizable(List<Op> history) {
        List<Op> ops = history.stream().filter(LinearizabilityChecker::checked).toList();
        int completed = (int) ops.stream().filter(op -> op.outcome() == Outcome.OK).count();
        return extend(ops, new boolean[ops.size()], Znode.NONE, completed);
    }

    private static boolean extend(List<Op> ops, boolean[] placed, Znode znode, int completedLeft) {
        if (completedLeft == 0) {
            return true;  // the indeterminate ops not placed never took effect
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i] || !mayComeNext(ops, placed, i)) {
                continue;
            }
            Op op = ops.get(i);
            boolean indeterminate = op.outcome() == Outcome.INDETERMINATE;
            ReferenceRegister.Reply reply = ReferenceRegister.execute(znode, op.input());
            if (!indeterminate && !reply.output().equals(op.output())) {
                continue;
            }
            placed[i] = true;
            boolean found = extend(ops, placed, reply.after(), completedLeft - (indeterminate ? 0 : 1));
            placed[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayComeNext(List<Op> ops, boolean[] placed, int candidate) {
        for (int j = 0; j < ops.size(); j++) {
            if (j != candidate && !placed[j] && mustPrecede(ops.get(j), ops.get(candidate))) {
                return false;
            }
        }
        return true;
    }

    private static boolean mustPrecede(Op a, Op o) {
        if (o.input().isPlainRead()) {
            return a.clientId() == o.clientId() && a.outcome() == Outcome.OK && a.invokeTime() < o.invokeTime();
        }
        return a.completeTime() < o.invokeTime();
    }
}
