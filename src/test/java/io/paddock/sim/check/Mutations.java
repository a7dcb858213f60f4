package io.paddock.sim.check;

import static io.paddock.sim.check.ZkOutput.data;
import static io.paddock.sim.check.ZkOutput.error;
import static io.paddock.sim.check.ZkOutput.ok;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replaces one answered operation's output with a different output its kind could return: for
 * reads another version, another written value, a value never written, or NONODE; for writes
 * another code or version. Whether the change is observable is for the brute force to say.
 *
 * <p>Test helper, stateless; randomness from the {@link SplittableRandom} passed in.
 */
final class Mutations {
    private Mutations() {
    }

    /**
     * {@code history} with the output of the operation at {@code index} (which has one) changed.
     * Half the time a read is given a state the key really had at some point (the subtle case:
     * right data, wrong time), else any other output of its kind.
     */
    static List<Op> replace(List<Op> history, int index, SplittableRandom random) {
        Op op = history.get(index);
        List<ZkOutput> candidates = new ArrayList<>(alternatives(op, writtenValues(history)));
        List<ZkOutput> real = new ArrayList<>(realStates(history, op.kind()));
        if (op.input().isRead() && random.nextBoolean()) {
            candidates = real;
        }
        candidates.remove(op.output());
        if (candidates.isEmpty()) {
            candidates = new ArrayList<>(alternatives(op, writtenValues(history)));
            candidates.remove(op.output());
        }
        ZkOutput output = candidates.get(random.nextInt(candidates.size()));
        List<Op> mutated = new ArrayList<>(history);
        mutated.set(index, new Op(op.clientId(), op.key(), op.input(), op.invokeTime(), op.completeTime(), Outcome.OK,
                output, op.zxid()));
        return mutated;
    }

    private static Set<ZkOutput> alternatives(Op op, Set<String> values) {
        ZkOutput current = op.output();
        int version = Math.max(current.version(), 0);
        Set<ZkOutput> outputs = new LinkedHashSet<>();
        switch (op.kind()) {
            case CREATE -> {
                outputs.add(ok());
                outputs.add(error(ZkCode.NODEEXISTS));
            }
            case DELETE -> {
                outputs.add(ok());
                outputs.add(error(ZkCode.NONODE));
                outputs.add(error(ZkCode.BADVERSION));
            }
            case SET_DATA -> {
                outputs.add(ok(version + 1));
                outputs.add(ok(Math.max(version - 1, 1)));
                outputs.add(error(ZkCode.NONODE));
                outputs.add(error(ZkCode.BADVERSION));
            }
            case GET_DATA -> {
                outputs.add(data(current.value(), version + 1));
                outputs.add(data(current.value(), Math.max(version - 1, 0)));
                for (String value : values) {
                    outputs.add(data(value, version));
                }
                outputs.add(data("never-written", version));
                outputs.add(error(ZkCode.NONODE));
            }
            case EXISTS -> {
                outputs.add(ok(version + 1));
                outputs.add(ok(Math.max(version - 1, 0)));
                outputs.add(error(ZkCode.NONODE));
            }
        }
        return outputs;
    }

    /** What a read of {@code kind} returns in each state the history shows the key had (absent included). */
    private static Set<ZkOutput> realStates(List<Op> history, ZkInput.Kind kind) {
        Set<ZkOutput> outputs = new LinkedHashSet<>();
        outputs.add(error(ZkCode.NONODE));
        for (Op op : history) {
            if (op.outcome() != Outcome.OK || op.output().code() != ZkCode.OK) {
                continue;
            }
            switch (op.kind()) {
                case CREATE -> outputs.add(read(kind, op.input().value(), 0));
                case SET_DATA -> outputs.add(read(kind, op.input().value(), op.output().version()));
                case GET_DATA, EXISTS -> outputs.add(op.kind() == kind ? op.output() : read(kind, op.output().value(),
                        op.output().version()));
                case DELETE -> { }
            }
        }
        return outputs;
    }

    private static ZkOutput read(ZkInput.Kind kind, String value, int version) {
        return kind == ZkInput.Kind.GET_DATA ? data(value, version) : ok(version);
    }

    private static Set<String> writtenValues(List<Op> history) {
        Set<String> values = new LinkedHashSet<>();
        for (Op op : history) {
            if (op.kind() == ZkInput.Kind.CREATE || op.kind() == ZkInput.Kind.SET_DATA) {
                values.add(op.input().value());
            }
        }
        return values;
    }
}
