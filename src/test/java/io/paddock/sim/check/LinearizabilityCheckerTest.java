package io.paddock.sim.check;

import static io.paddock.sim.check.ZkCode.BADVERSION;
import static io.paddock.sim.check.ZkCode.NODEEXISTS;
import static io.paddock.sim.check.ZkCode.NONODE;
import static io.paddock.sim.check.ZkInput.ReadMode.PLAIN;
import static io.paddock.sim.check.ZkInput.ReadMode.STRICT;
import static io.paddock.sim.check.ZkInput.create;
import static io.paddock.sim.check.ZkInput.delete;
import static io.paddock.sim.check.ZkInput.exists;
import static io.paddock.sim.check.ZkInput.getData;
import static io.paddock.sim.check.ZkInput.setData;
import static io.paddock.sim.check.ZkOutput.data;
import static io.paddock.sim.check.ZkOutput.error;
import static io.paddock.sim.check.ZkOutput.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written histories of one znode, each small enough to reason about by eye: the checker
 * accepts what ZooKeeper allows (concurrent orders, stale plain reads, writes without reply that
 * land late or never) and rejects what it forbids (stale strict reads, lost writes, impossible
 * CAS results, plain reads going back in time or missing the session's own write, values nobody
 * wrote).
 */
class LinearizabilityCheckerTest {
    private static final String KEY = "/k";

    static Op op(long client, ZkInput input, long invokeTime, long completeTime, ZkOutput output) {
        return Op.ok(client, KEY, input, invokeTime, completeTime, output, Op.NO_ZXID);
    }

    static Op lost(long client, ZkInput input, long invokeTime) {
        return Op.indeterminate(client, KEY, input, invokeTime);
    }

    static Verdict verdict(Op... history) {
        return LinearizabilityChecker.check(List.of(history)).verdict();
    }

    static Violation violation(Op... history) {
        CheckResult result = LinearizabilityChecker.check(List.of(history));
        assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.VIOLATION);
        return result.violations().get(0);
    }

    @Test
    void sequentialHistoryIsOk() {
        assertThat(verdict(
                op(1, create("a"), 0, 1, ok()),
                op(1, getData(STRICT), 2, 3, data("a", 0)),
                op(1, setData("b", -1), 4, 5, ok(1)),
                op(1, setData("c", 1), 6, 7, ok(2)),
                op(1, setData("d", 1), 8, 9, error(BADVERSION)),
                op(1, exists(STRICT), 10, 11, ok(2)),
                op(1, create("x"), 12, 13, error(NODEEXISTS)),
                op(1, delete(1), 14, 15, error(BADVERSION)),
                op(1, delete(2), 16, 17, ok()),
                op(1, getData(STRICT), 18, 19, error(NONODE)),
                op(1, setData("e", -1), 20, 21, error(NONODE)),
                op(1, delete(-1), 22, 23, error(NONODE)),
                op(1, create("f"), 24, 25, ok()),
                op(1, setData("g", -1), 26, 27, ok(1)),
                op(1, getData(PLAIN), 28, 29, data("g", 1)),
                op(1, exists(PLAIN), 30, 31, ok(1)))).isEqualTo(Verdict.OK);
    }

    @Test
    void versionsStartAgainAtZeroAfterDeleteThenCreate() {
        Op[] prefix = {
            op(1, create("a"), 0, 1, ok()),
            op(1, setData("b", -1), 2, 3, ok(1)),
            op(1, delete(-1), 4, 5, ok()),
            op(1, create("c"), 6, 7, ok()),
        };
        assertThat(verdict(with(prefix, op(2, getData(STRICT), 8, 9, data("c", 0))))).isEqualTo(Verdict.OK);
        assertThat(verdict(with(prefix, op(2, getData(STRICT), 8, 9, data("c", 2))))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(with(prefix, op(2, setData("d", 0), 8, 9, ok(1))))).isEqualTo(Verdict.OK);
        assertThat(verdict(with(prefix, op(2, setData("d", 1), 8, 9, ok(2))))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(with(prefix, op(2, setData("d", -1), 8, 9, ok(2))))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(with(prefix, op(2, exists(STRICT), 8, 9, ok(1))))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void concurrentWritesAreOkInEitherOrder() {
        Op created = op(1, create("a"), 0, 1, ok());
        // b then c: b gets version 1 and c version 2, c stays; or c then b.
        assertThat(verdict(created, op(1, setData("b", -1), 2, 10, ok(1)), op(2, setData("c", -1), 3, 9, ok(2)),
                op(3, getData(STRICT), 11, 12, data("c", 2)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, op(1, setData("b", -1), 2, 10, ok(2)), op(2, setData("c", -1), 3, 9, ok(1)),
                op(3, getData(STRICT), 11, 12, data("b", 2)))).isEqualTo(Verdict.OK);
        // The versions say b came first, so b cannot be the final value.
        assertThat(verdict(created, op(1, setData("b", -1), 2, 10, ok(1)), op(2, setData("c", -1), 3, 9, ok(2)),
                op(3, getData(STRICT), 11, 12, data("b", 2)))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void staleStrictReadIsAViolation() {
        Violation violation = violation(
                op(1, create("a"), 0, 1, ok()),
                op(1, setData("b", -1), 2, 3, ok(1)),
                op(2, getData(STRICT), 4, 5, data("a", 0)));
        // Nothing was in flight at t=4, so the create and the setData shrink to the state they left.
        assertThat(violation.text()).isEqualTo("key /k: not linearizable; no order of these 1 of its 3 operations"
                + " works from t=4 in state exists v=b ver=1\n"
                + "  client=2 getData(strict) [t=4..5] -> (v=a, ver=0)   <- no order gets past this completion\n");
    }

    @Test
    void lostAcknowledgedWriteIsAViolation() {
        Op[] acknowledged = {
            op(1, create("a"), 0, 1, ok()),
            op(1, setData("b", -1), 2, 3, ok(1)),
            op(3, setData("x", -1), 50, 60, ok(2)),
        };
        // Every later observation misses b: the other client's CAS on version 1 fails, exists says 0.
        assertThat(verdict(with(acknowledged, op(2, setData("c", 1), 10, 11, error(BADVERSION)))))
                .isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(with(acknowledged, op(2, exists(STRICT), 10, 11, ok(0))))).isEqualTo(Verdict.VIOLATION);
        // Its own session's plain read cannot miss it either.
        assertThat(verdict(with(acknowledged, op(1, getData(PLAIN), 10, 11, data("a", 0)))))
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void badVersionIsExplainedOnlyByTheOrderThatMakesIt() {
        Op created = op(1, create("a"), 0, 1, ok());
        // Concurrent CAS on version 0: client 2 lost because client 1's CAS came first.
        assertThat(verdict(created, op(1, setData("b", 0), 2, 10, ok(1)), op(2, setData("c", 0), 3, 9,
                error(BADVERSION)))).isEqualTo(Verdict.OK);
        // Client 2's CAS finished before client 1's began: the version was still 0, so it cannot have failed.
        assertThat(verdict(created, op(2, setData("c", 0), 2, 3, error(BADVERSION)), op(1, setData("b", 0), 5, 6,
                ok(1)))).isEqualTo(Verdict.VIOLATION);
        // Two CAS on the same version cannot both win.
        assertThat(verdict(created, op(1, setData("b", 0), 2, 10, ok(1)), op(2, setData("c", 0), 3, 9,
                ok(1)))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void indeterminateWriteMayLandLateOrNeverButNotUndo() {
        Op created = op(1, create("a"), 0, 1, ok());
        Op timedOut = lost(1, setData("b", -1), 2);
        Op readA = op(2, getData(STRICT), 10, 11, data("a", 0));
        Op readB = op(2, getData(STRICT), 20, 21, data("b", 1));
        assertThat(verdict(created, timedOut, readA, readB)).as("seen later").isEqualTo(Verdict.OK);
        assertThat(verdict(created, timedOut, readA, op(2, getData(STRICT), 20, 21, data("a", 0))))
                .as("never").isEqualTo(Verdict.OK);
        assertThat(verdict(created, timedOut, op(2, getData(STRICT), 10, 11, data("b", 1)),
                op(2, getData(STRICT), 20, 21, data("a", 0)))).as("undone").isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(created, lost(1, setData("b", -1), 15), readA, op(3, getData(STRICT), 12, 13,
                data("b", 1)))).as("seen before it was sent").isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void severalWritesWithoutReplyMayAllLand() {
        Op created = op(1, create("a"), 0, 1, ok());
        Op x = lost(2, setData("x", -1), 2);
        Op y = lost(3, setData("y", -1), 2);
        // Nobody read x or y, so the two are interchangeable; the version still counts both.
        assertThat(verdict(created, x, y, op(4, exists(STRICT), 10, 11, ok(2)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, x, y, op(4, exists(STRICT), 10, 11, ok(3)))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(created, x, y, lost(5, setData("z", -1), 3), op(4, exists(STRICT), 10, 11, ok(3))))
                .isEqualTo(Verdict.OK);
    }

    @Test
    void stalePlainReadIsAllowedButAStaleStrictOneIsNot() {
        Op created = op(1, create("a"), 0, 1, ok());
        Op updated = op(1, setData("b", -1), 2, 3, ok(1));
        assertThat(verdict(created, updated, op(2, getData(PLAIN), 10, 11, data("a", 0)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, updated, op(2, exists(PLAIN), 10, 11, ok(0)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, updated, op(2, getData(PLAIN), 10, 11, error(NONODE)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, updated, op(2, getData(STRICT), 10, 11, data("a", 0))))
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void plainReadGoingBackInTimeInOneSessionIsAViolation() {
        Op created = op(1, create("a"), 0, 1, ok());
        Op updated = op(1, setData("b", -1), 2, 3, ok(1));
        Op newer = op(2, getData(PLAIN), 10, 11, data("b", 1));
        assertThat(verdict(created, updated, newer, op(2, getData(PLAIN), 12, 13, data("a", 0))))
                .isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(created, updated, newer, op(2, exists(PLAIN), 12, 13, ok(0)))).isEqualTo(Verdict.VIOLATION);
        // Another session may still be behind.
        assertThat(verdict(created, updated, newer, op(3, getData(PLAIN), 12, 13, data("a", 0))))
                .isEqualTo(Verdict.OK);
        // A strict read raises the session's floor as well.
        assertThat(verdict(created, updated, op(2, getData(STRICT), 10, 11, data("b", 1)),
                op(2, getData(PLAIN), 12, 13, data("a", 0)))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void plainReadMissingTheSessionsOwnWriteIsAViolation() {
        Op created = op(3, create("a"), 0, 1, ok());
        assertThat(verdict(created, op(1, setData("b", -1), 2, 3, ok(1)), op(1, getData(PLAIN), 4, 5, data("a", 0))))
                .isEqualTo(Verdict.VIOLATION);
        // Error replies count: client 1 saw version 1 when its CAS on 0 failed.
        assertThat(verdict(created, op(2, setData("b", -1), 2, 3, ok(1)), op(1, setData("c", 0), 4, 5,
                error(BADVERSION)), op(1, exists(PLAIN), 6, 7, ok(0)))).isEqualTo(Verdict.VIOLATION);
        // FIFO order: a read sent behind the session's own write sees it even before the write's reply.
        assertThat(verdict(created, op(1, setData("b", -1), 2, 10, ok(1)), op(1, getData(PLAIN), 3, 11,
                data("a", 0)))).isEqualTo(Verdict.VIOLATION);
        // Pipelined: the read was sent behind both the write and the strict read, so it follows both
        // even though the strict read came back first (it was placed before the write).
        assertThat(verdict(created, op(1, setData("b", -1), 2, 10, ok(1)), op(1, getData(STRICT), 3, 4,
                data("a", 0)), op(1, getData(PLAIN), 5, 6, data("a", 0)))).isEqualTo(Verdict.VIOLATION);
        // A write without reply shows the session nothing.
        assertThat(verdict(created, lost(1, setData("b", -1), 2), op(1, getData(PLAIN), 4, 5, data("a", 0))))
                .isEqualTo(Verdict.OK);
        // Another session need not see it yet.
        assertThat(verdict(created, op(1, setData("b", -1), 2, 3, ok(1)), op(2, getData(PLAIN), 4, 5,
                data("a", 0)))).isEqualTo(Verdict.OK);
    }

    @Test
    void readOfAValueNeverWrittenIsAViolation() {
        Op created = op(1, create("a"), 0, 1, ok());
        assertThat(verdict(created, op(2, getData(STRICT), 2, 3, data("zz", 0)))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(created, op(2, getData(PLAIN), 2, 3, data("zz", 0)))).isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(op(2, getData(PLAIN), 2, 3, data("a", 0)))).isEqualTo(Verdict.VIOLATION);
        // A failed write never happened, so its value is never written either.
        assertThat(verdict(created, Op.failed(1, KEY, setData("b", -1), 2, 3),
                op(2, getData(STRICT), 4, 5, data("a", 0)))).isEqualTo(Verdict.OK);
        assertThat(verdict(created, Op.failed(1, KEY, setData("b", -1), 2, 3),
                op(2, getData(PLAIN), 4, 5, data("b", 1)))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void plainReadCannotSeeAWriteOrderedAfterSomethingInvokedOnceItCompleted() {
        // The strict read at 35 and the versions say z (invoked at 20) came before w. The plain
        // read finished at 10, so whatever state it saw was committed by 10, before z was even
        // sent; a state with w after z cannot be it. A looser rule ("some state, produced by a
        // write invoked before the read completed") would accept this; no real server can do it.
        assertThat(verdict(
                op(9, create("a"), 0, 1, ok()),
                op(4, getData(PLAIN), 3, 10, data("w", 2)),
                op(1, setData("w", -1), 5, 100, ok(2)),
                op(2, setData("z", -1), 20, 30, ok(1)),
                op(3, getData(STRICT), 35, 40, data("w", 2)))).isEqualTo(Verdict.VIOLATION);
    }

    /** {@code prefix} followed by {@code last}. */
    static Op[] with(Op[] prefix, Op last) {
        List<Op> ops = new ArrayList<>(List.of(prefix));
        ops.add(last);
        return ops.toArray(new Op[0]);
    }
}
