package io.paddock.sim;

import io.paddock.model.ErrorCode;
import io.paddock.sim.check.Budget;
import io.paddock.sim.check.CheckResult;
import io.paddock.sim.check.LinearizabilityChecker;
import io.paddock.sim.check.Op;
import io.paddock.sim.check.Violation;
import io.paddock.sim.check.ZkCode;
import io.paddock.sim.check.ZkInput;
import io.paddock.sim.check.ZkOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a simulated run's client history with the WGL checker (io.paddock.sim.check): every
 * write and strict read (sync + read) linearizable per znode, plain reads in ZooKeeper's
 * weaker model (possibly stale, never back in time within a session). Ephemeral creates and
 * session closes touch other znodes and are left out; a read that never returned says nothing
 * and is left out too; a write answered with a session error had no effect.
 */
final class SimLinearizability {
    /** Deterministic per-key budget: a run is a function of its seed, so is its verdict. */
    private static final Budget BUDGET = Budget.steps(20_000_000);

    private SimLinearizability() {}

    static void check(List<SimOp> history, SimChecker checker) {
        List<Op> ops = new ArrayList<>();
        for (SimOp op : history) {
            Op converted = convert(op);
            if (converted != null) {
                ops.add(converted);
            }
        }
        CheckResult result = LinearizabilityChecker.check(ops, BUDGET);
        for (Violation violation : result.violations()) {
            checker.violation("not linearizable: " + violation.text());
            int shown = 0;
            for (Op op : violation.ops()) {
                if (shown++ < 12) {
                    checker.violation("    " + op.line());
                }
            }
        }
        for (String key : result.unknownKeys()) {
            checker.violation("linearizability of " + key + " unknown: the search budget ran out");
        }
    }

    private static Op convert(SimOp op) {
        ZkInput input = switch (op.kind) {
            case CREATE -> ZkInput.create(op.value);
            case DELETE -> ZkInput.delete(op.version);
            case SET, CAS -> ZkInput.setData(op.value, op.version);
            case GET -> ZkInput.getData(ZkInput.ReadMode.PLAIN);
            case STRICT_GET -> ZkInput.getData(ZkInput.ReadMode.STRICT);
            default -> null;
        };
        if (input == null || op.outcome == SimOp.Outcome.PENDING) {
            return null;
        }
        if (op.outcome == SimOp.Outcome.INDETERMINATE) {
            return Op.indeterminate(op.session, op.key, input, op.invokeMs);
        }
        ZkOutput output = output(op);
        if (output == null) {
            return Op.failed(op.session, op.key, input, op.invokeMs, op.completeMs); // a session error: no effect
        }
        return Op.ok(op.session, op.key, input, op.invokeMs, op.completeMs, output, op.zxid);
    }

    private static ZkOutput output(SimOp op) {
        if (op.outcome == SimOp.Outcome.OK) {
            return switch (op.kind) {
                case GET, STRICT_GET -> ZkOutput.data(op.readValue, op.readVersion);
                case SET, CAS -> ZkOutput.ok(op.newVersion);
                default -> ZkOutput.ok();
            };
        }
        return switch (op.err) {
            case ErrorCode.NONODE -> ZkOutput.error(ZkCode.NONODE);
            case ErrorCode.NODEEXISTS -> ZkOutput.error(ZkCode.NODEEXISTS);
            case ErrorCode.BADVERSION -> ZkOutput.error(ZkCode.BADVERSION);
            default -> null;
        };
    }
}
