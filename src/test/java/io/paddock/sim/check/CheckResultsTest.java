package io.paddock.sim.check;

import static io.paddock.sim.check.LinearizabilityCheckerTest.op;
import static io.paddock.sim.check.ZkInput.ReadMode.PLAIN;
import static io.paddock.sim.check.ZkInput.ReadMode.STRICT;
import static io.paddock.sim.check.ZkInput.create;
import static io.paddock.sim.check.ZkInput.getData;
import static io.paddock.sim.check.ZkInput.setData;
import static io.paddock.sim.check.ZkOutput.data;
import static io.paddock.sim.check.ZkOutput.error;
import static io.paddock.sim.check.ZkOutput.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker's results around the verdict: budgets give UNKNOWN (never OK), keys are judged
 * apart, explanations are small and printed in the agreed line format, bad input is refused
 * with a message, and the recorder builds the same operations as the factories.
 */
class CheckResultsTest {
    /**
     * Twelve writes without reply, then a read of a value none of them wrote: every subset and
     * order of the writes must be tried before the read can be declared impossible. Later reads
     * return each written value, so that no two of the writes are interchangeable.
     */
    static List<Op> hardHistory(String key) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.ok(1, key, create("a"), 0, 1, ok(), Op.NO_ZXID));
        for (int i = 0; i < 12; i++) {
            ops.add(Op.indeterminate(10 + i, key, setData("w" + i, -1), 2));
            ops.add(Op.ok(2, key, getData(STRICT), 300 + 2 * i, 301 + 2 * i, data("w" + i, 12), Op.NO_ZXID));
        }
        ops.add(Op.ok(2, key, getData(STRICT), 200, 201, data("zz", 5), Op.NO_ZXID));
        return ops;
    }

    @Test
    void exhaustedBudgetIsUnknownAndEnoughBudgetDecides() {
        CheckResult bySteps = LinearizabilityChecker.check(hardHistory("/hard"), Budget.steps(1_000));
        assertThat(bySteps.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(bySteps.isOk()).isFalse();
        assertThat(bySteps.unknownKeys()).containsExactly("/hard");
        assertThat(bySteps.keys().get(0).steps()).isEqualTo(1_000);

        CheckResult byTime = LinearizabilityChecker.check(hardHistory("/hard"), Budget.time(Duration.ofNanos(1)));
        assertThat(byTime.verdict()).isEqualTo(Verdict.UNKNOWN);

        CheckResult decided = LinearizabilityChecker.check(hardHistory("/hard"), Budget.steps(50_000_000));
        assertThat(decided.verdict()).as(decided.report()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void keysAreJudgedApartAndUnknownIsReportedSeparately() {
        List<Op> history = new ArrayList<>(hardHistory("/c"));
        history.add(Op.ok(1, "/a", create("x"), 0, 1, ok(), 0x10));
        history.add(Op.ok(1, "/a", setData("y", -1), 2, 3, ok(1), 0x11));
        history.add(Op.ok(2, "/a", getData(STRICT), 4, 5, data("x", 0), 0x10));
        history.add(Op.ok(1, "/b", create("x"), 0, 1, ok(), 0x12));
        history.add(Op.ok(2, "/b", getData(PLAIN), 4, 5, error(ZkCode.NONODE), 0x9));

        CheckResult result = LinearizabilityChecker.check(history, Budget.steps(20_000));

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(result.keys()).extracting(KeyResult::key, KeyResult::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/a", Verdict.VIOLATION),
                org.assertj.core.groups.Tuple.tuple("/b", Verdict.OK),
                org.assertj.core.groups.Tuple.tuple("/c", Verdict.UNKNOWN));
        assertThat(result.unknownKeys()).containsExactly("/c");
        assertThat(result.violations()).extracting(Violation::key).containsExactly("/a");
        assertThat(result.report())
                .contains("linearizability: VIOLATION (31 ops on 3 keys: 1 OK, 1 VIOLATION, 1 UNKNOWN)")
                .contains("UNKNOWN (search budget exhausted, not a pass): /c")
                .contains("client=2 getData(strict) [t=4..5] -> (v=x, ver=0) zxid=0x10");
    }

    @Test
    void explanationOfAStaleReadInALongHistoryIsTheReadAndTheWriteItMissed() {
        List<Op> history = new ArrayList<>();
        history.add(op(1, create("w0"), 0, 1, ok()));
        long t = 2;
        for (int i = 1; i <= 300; i++) {
            history.add(op(1 + i % 3, setData("w" + i, -1), t, t + 2, ok(i)));
            history.add(op(1 + (i + 1) % 3, getData(i % 2 == 0 ? PLAIN : STRICT), t + 1, t + 4, data("w" + i, i)));
            t += 5;
        }
        long staleAt = 5 * 200 + 2;
        history.add(op(7, getData(STRICT), staleAt, staleAt + 1, data("w198", 198)));

        CheckResult result = LinearizabilityChecker.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATION);
        Violation violation = result.violations().get(0);
        assertThat(violation.ops()).as(violation.text()).hasSizeLessThanOrEqualTo(3);
        assertThat(violation.ops()).contains(violation.stuckOp());
        assertThat(violation.stuckOp().line()).isEqualTo("client=7 getData(strict) [t=1002..1003] -> (v=w198, ver=198)");
        assertThat(violation.text()).startsWith("key /k: not linearizable; no order of these")
                .contains("of its " + history.size() + " operations works from t=");
        assertThat(LinearizabilityChecker.verdictFrom(violation.ops(), violation.startStates(), Budget.DEFAULT))
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void explanationNeverBlamesAPlainReadThatCouldLookBackBeforeTheCut() {
        // Client 2's first plain read is stale but legal (nothing before it in its session), and
        // its second goes back to before the create: that pair is the violation. Nothing was in
        // flight at t=4, but cutting there would hide that the first read may see t<4 states.
        List<Op> history = List.of(
                op(1, create("a"), 0, 1, ok()),
                op(1, setData("b", -1), 2, 3, ok(1)),
                op(2, getData(PLAIN), 5, 6, data("a", 0)),
                op(2, getData(PLAIN), 7, 8, error(ZkCode.NONODE)));

        Violation violation = violation(history);

        assertThat(violation.ops()).as(violation.text()).contains(history.get(2), history.get(3));
        assertThat(faithful(history, violation)).as(violation.text()).isTrue();

        // Here the cut at t=5 is fine (client 2's exists comes after it), but the exists must stay:
        // without it the plain read alone could be stale, and would be blamed for nothing.
        List<Op> backInTime = List.of(
                op(1, create("a"), 0, 1, ok()),
                op(1, setData("b", -1), 2, 3, ok(1)),
                op(2, ZkInput.exists(STRICT), 5, 6, ok(1)),
                op(2, getData(PLAIN), 7, 8, data("a", 0)));

        Violation explained = violation(backInTime);

        assertThat(explained.ops()).as(explained.text()).containsExactly(backInTime.get(2), backInTime.get(3));
        assertThat(faithful(backInTime, explained)).as(explained.text()).isTrue();
    }

    /**
     * Whether the explanation, put back after everything invoked before its cut, still fails from
     * the absent znode: the start states it claims hold nothing the real prefix could not do.
     */
    static boolean faithful(List<Op> history, Violation violation) {
        Set<Op> withPrefix = new LinkedHashSet<>(violation.ops());
        history.stream().filter(LinearizabilityChecker::checked)
                .filter(op -> op.invokeTime() < violation.cutTime()).forEach(withPrefix::add);
        return LinearizabilityChecker.verdictFrom(List.copyOf(withPrefix), List.of(RegisterState.ABSENT),
                Budget.DEFAULT) == Verdict.VIOLATION;
    }

    static Violation violation(List<Op> history) {
        CheckResult result = LinearizabilityChecker.check(history);
        assertThat(result.verdict()).as(result.report()).isEqualTo(Verdict.VIOLATION);
        return result.violations().get(0);
    }

    @Test
    void linesFollowTheAgreedFormat() {
        assertThat(Op.ok(3, "/k", setData("x1", 2), 10, 14, error(ZkCode.BADVERSION), 0x1f).line())
                .isEqualTo("client=3 setData(v=x1, expect=2) [t=10..14] -> BADVERSION zxid=0x1f");
        assertThat(Op.indeterminate(4, "/k", ZkInput.delete(-1), 7).line())
                .isEqualTo("client=4 delete(expect=-1) [t=7..?] -> INDETERMINATE");
        assertThat(op(5, ZkInput.exists(PLAIN), 1, 2, ok(3)).line()).isEqualTo("client=5 exists(plain) [t=1..2] -> ver=3");
        assertThat(op(5, create("line\nbreak"), 1, 2, ok()).line())
                .isEqualTo("client=5 create(v=line\\x0abreak) [t=1..2] -> OK");
        assertThat(ZkInput.show("x".repeat(50))).isEqualTo("x".repeat(40) + "...(50 chars)");
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        assertThatThrownBy(() -> op(1, create("a"), 0, 1, error(ZkCode.NONODE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("create cannot return NONODE");
        assertThatThrownBy(() -> op(1, setData("a", -1), 0, 1, ok()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setData OK needs a version");
        assertThatThrownBy(() -> op(1, create("a"), 5, 1, ok()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completeTime 1 must be in [invokeTime 5");
        assertThatThrownBy(() -> Op.ok(1, "/k", create("a"), 0, 1, null, Op.NO_ZXID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an OK outcome needs an output");
        assertThatThrownBy(() -> ZkInput.setData("a", -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot expect version -2");
        assertThatThrownBy(() -> ZkOutput.error(ZkCode.OK)).isInstanceOf(IllegalArgumentException.class);
        List<Op> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> LinearizabilityChecker.check(withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("history[0] is null");
        assertThatThrownBy(() -> Budget.steps(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recorderBuildsTheSameOperationsAndLeavesOpenOnesIndeterminate() {
        HistoryRecorder recorder = new HistoryRecorder();
        int created = recorder.invoke(1, "/k", create("a"), 0);
        int failed = recorder.invoke(2, "/k", setData("b", -1), 1);
        int open = recorder.invoke(3, "/k", setData("c", -1), 2);
        recorder.ok(created, ok(), 3, 0x5);
        recorder.failed(failed, 4);

        assertThat(recorder.history()).containsExactly(
                Op.ok(1, "/k", create("a"), 0, 3, ok(), 0x5),
                Op.failed(2, "/k", setData("b", -1), 1, 4),
                Op.indeterminate(3, "/k", setData("c", -1), 2));
        assertThatThrownBy(() -> recorder.ok(created, ok(), 5, 0x6)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already resolved");
        recorder.indeterminate(open);
        assertThat(recorder.history()).hasSize(3);
    }
}
