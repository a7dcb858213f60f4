package io.paddock.sim.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why one key is not linearizable: a small set of its operations that no order explains,
 * starting from the state(s) the key can be in at a point where no operation was in flight.
 *
 * <p>Immutable value, usable from any thread. Invariants: {@code ops} is a subset of the key's checked operations (the
 * failed ones and the reads that never got a reply are never checked), in invocation order, and
 * cannot be linearized from any of {@code startStates}; when {@code cutTime} is
 * {@link Long#MIN_VALUE} the start is the absent znode before the history, otherwise every
 * answered operation invoked before {@code cutTime} completed before it, and the start states
 * are all the states those operations can leave (strict reads kept as constraints, plain reads
 * dropped, so the set may be larger than the truth, never smaller). Writes without reply invoked
 * before {@code cutTime} are among {@code ops}: they may have landed before it (the start states
 * allow for that) or may land later.
 *
 * @param key          the znode path
 * @param ops          the operations that cannot be linearized together
 * @param startStates  the states the key may be in when they start
 * @param cutTime      when they start, {@link Long#MIN_VALUE} for the beginning of the history
 * @param stuckOp      the operation whose completion no order of {@code ops} can pass (null if unknown)
 * @param keyOpCount   how many operations the key had in all, for scale
 */
public record Violation(String key, List<Op> ops, List<RegisterState> startStates, long cutTime, Op stuckOp,
        int keyOpCount) {
    /** Copies the lists so the record stays immutable. */
    public Violation {
        ops = List.copyOf(ops);
        startStates = List.copyOf(startStates);
    }

    /** The explanation, one operation per line after a header line. */
    public String text() {
        String start = cutTime == Long.MIN_VALUE ? "the start (absent)"
                : "t=" + cutTime + " in " + (startStates.size() == 1 ? "state " : "any of states ")
                        + startStates.stream().map(RegisterState::describe).collect(Collectors.joining(" | "));
        StringBuilder text = new StringBuilder();
        text.append("key ").append(key).append(": not linearizable; no order of these ").append(ops.size())
                .append(" of its ").append(keyOpCount).append(" operations works from ").append(start).append('\n');
        for (Op op : ops) {
            text.append("  ").append(op.line());
            if (op.equals(stuckOp)) {
                text.append("   <- no order gets past this completion");
            }
            text.append('\n');
        }
        return text.toString();
    }
}
