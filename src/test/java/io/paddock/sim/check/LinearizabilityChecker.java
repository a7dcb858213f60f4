package io.paddock.sim.check;

import io.paddock.sim.check.SearchOp.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks a client history of znode operations against ZooKeeper's consistency model: writes and
 * strict reads (sync, then read) linearizable; plain reads possibly stale but monotonic per
 * session and never missing the session's own writes. The entry point for the simulator and the
 * chaos runner: {@link #check(List, Budget)}.
 *
 * <p><b>Partitions.</b> The history is split by key and each key is searched on its own with the
 * {@link ZkRegisterModel} ({@link Linearizability}: Wing and Gong, Lowe's memo of
 * linearized-set and state, as in Porcupine). That is exact for linearizability, which composes
 * over objects; the session rule for plain reads is applied per key too, so a plain read that
 * is older than what its session saw on <em>another</em> key is not caught (sound, but weaker
 * than ZooKeeper's session-wide zxid order). Ignored before the search: FAILED operations (they
 * had no effect) and reads without a reply (no effect, nothing to explain). A write without a
 * reply may take effect at any time after its invocation, or never.
 *
 * <p><b>Time.</b> One clock for the whole history (simulator ticks, or one JVM's nanoTime). An
 * operation precedes another only when it completed strictly before the other was invoked;
 * equal times count as overlapping, which can hide a violation but never invent one.
 *
 * <p><b>Plain reads: inside the search.</b> A plain read is placed in the linearization like any
 * read and must return the state current at its place, but its window is different: it opens not
 * at its invocation but once its session's earlier-invoked completed operations are placed (its
 * gate, {@link SessionOrder}), and it still closes at its completion (it must precede every
 * operation invoked after it completed). Placed early, among states older than its invocation,
 * it returns a stale state; after its gate, it cannot return a state older than anything its
 * session saw (its reads, strict or plain, and its own completed writes, error replies
 * included); and every write placed before it was invoked before it completed. The search, the
 * memo and the budget are then the same as for linearizable operations: the gate depends only
 * on the set of placed operations, so (set, state) still determines the future and no
 * linearization is ever skipped, which a check against one witness order afterwards could not
 * promise.
 *
 * <p>This is slightly stricter than "some state the key had in the linearization, produced by
 * a write invoked before the read completed": that phrasing allows the state to be produced in
 * the linearization after an operation that was invoked after the read completed. A real server
 * cannot do that, because the state a server reads from is a committed prefix at the moment it
 * serves the read, so everything in it was committed, hence invoked, before the read completed.
 * Where a session's operations overlap (pipelining), "earlier" means invoked earlier, which is
 * ZooKeeper's FIFO client order; a recorder whose invoke times are not the send order of a
 * shared handle must give each thread its own client id.
 *
 * <p><b>Violations.</b> The search reports the latest completion no branch could pass; the
 * operations invoked up to then cannot be linearized by themselves, and {@link Explainer}
 * shrinks them to the small set printed in the {@link Violation}.
 *
 * <p>Stateless: every method is a pure function of its arguments (reading the clock only for a
 * time budget), safe on any thread. Each key runs single-threaded and the order of keys is
 * fixed, so a step budget gives the same result, explanation included, on every run.
 */
public final class LinearizabilityChecker {
    private LinearizabilityChecker() {
    }

    /** Checks {@code history} with {@link Budget#DEFAULT} per key. */
    public static CheckResult check(List<Op> history) {
        return check(history, Budget.DEFAULT);
    }

    /**
     * Checks {@code history}, every key within {@code budget}; a key whose search runs out is
     * UNKNOWN, reported apart from the violations.
     *
     * @throws IllegalArgumentException when the history contains a null operation
     */
    public static CheckResult check(List<Op> history, Budget budget) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(budget, "budget");
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op == null) {
                throw new IllegalArgumentException("history[" + i + "] is null");
            }
            if (checked(op)) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        List<KeyResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Op>> key : byKey.entrySet()) {
            results.add(checkKey(key.getKey(), key.getValue(), budget));
        }
        return new CheckResult(results, history.size());
    }

    /** Whether the search looks at {@code op} at all (a FAILED op had no effect; a read without a reply, none either). */
    static boolean checked(Op op) {
        return op.outcome() == Outcome.OK || op.outcome() == Outcome.INDETERMINATE && !op.input().isRead();
    }

    private static KeyResult checkKey(String key, List<Op> ops, Budget budget) {
        ZkRegisterModel model = ZkRegisterModel.forHistory(ops);
        SearchResult<RegisterState> result = search(model, ops, RegisterState.ABSENT, budget);
        Violation violation = result.verdict() == Verdict.VIOLATION
                ? new Explainer(model, budget).explain(key, ops, result) : null;
        return new KeyResult(key, result.verdict(), ops.size(), result.steps(), violation);
    }

    /** Searches one key's checked operations from {@code initial} with {@code model} (made for them or a superset). */
    static SearchResult<RegisterState> search(ZkRegisterModel model, List<Op> ops, RegisterState initial,
            Budget budget) {
        return Linearizability.check(model, searchOps(ops), initial, budget);
    }

    /**
     * The verdict for one key's checked operations starting from any of {@code starts}: OK if
     * some start works, VIOLATION if none can, else UNKNOWN. This is how an explanation can be
     * checked on its own: {@code verdictFrom(violation.ops(), violation.startStates(), budget)}.
     */
    public static Verdict verdictFrom(List<Op> ops, List<RegisterState> starts, Budget budget) {
        return verdictFrom(ZkRegisterModel.forHistory(ops), ops, starts, budget);
    }

    static Verdict verdictFrom(ZkRegisterModel model, List<Op> ops, List<RegisterState> starts, Budget budget) {
        boolean unknown = false;
        for (RegisterState start : starts) {
            Verdict verdict = search(model, ops, start, budget).verdict();
            if (verdict == Verdict.OK) {
                return Verdict.OK;
            }
            unknown |= verdict == Verdict.UNKNOWN;
        }
        return unknown ? Verdict.UNKNOWN : Verdict.VIOLATION;
    }

    /** The search's view of one key's checked operations, in the same order. */
    static List<SearchOp<ZkInput, ZkOutput>> searchOps(List<Op> ops) {
        List<SearchOp<ZkInput, ZkOutput>> searchOps = new ArrayList<>(ops.size());
        for (Op op : ops) {
            if (!checked(op)) {
                throw new IllegalArgumentException("not a checked operation: " + op.line());
            }
            Window window = op.outcome() == Outcome.INDETERMINATE ? Window.OPEN_ENDED
                    : op.input().isPlainRead() ? Window.SESSION : Window.REAL_TIME;
            searchOps.add(new SearchOp<>(op.clientId(), op.input(), op.output(), op.invokeTime(), op.completeTime(),
                    window));
        }
        return searchOps;
    }
}
