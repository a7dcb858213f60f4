package io.paddock.sim.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects a history as operations are issued and answered, for callers that would rather not
 * build {@link Op}s themselves: {@code invoke} when a request is issued, then exactly one of
 * {@code ok}, {@code failed} or {@code indeterminate} when its fate is known. Operations still
 * open when {@link #history()} is called count as indeterminate.
 *
 * <p>Thread-safe (every method synchronizes on the recorder), so the chaos runner's client
 * threads may share one; the simulator uses it from its single thread. Invariant: each handle
 * is resolved at most once.
 */
public final class HistoryRecorder {
    private final List<Pending> pending = new ArrayList<>();
    private final List<Op> resolved = new ArrayList<>();

    /** Records a request being issued; returns the handle to resolve it with. */
    public synchronized int invoke(long clientId, String key, ZkInput input, long invokeTime) {
        pending.add(new Pending(clientId, Objects.requireNonNull(key, "key"), Objects.requireNonNull(input, "input"),
                invokeTime));
        return pending.size() - 1;
    }

    /** The reply came back (success or a ZooKeeper error code). */
    public synchronized void ok(int handle, ZkOutput output, long completeTime, long zxid) {
        Pending op = take(handle);
        resolved.add(Op.ok(op.clientId, op.key, op.input, op.invokeTime, completeTime, output, zxid));
    }

    /** The request definitely had no effect (it is then left out of the check). */
    public synchronized void failed(int handle, long completeTime) {
        Pending op = take(handle);
        resolved.add(Op.failed(op.clientId, op.key, op.input, op.invokeTime, completeTime));
    }

    /** No reply will come (connection loss, timeout). */
    public synchronized void indeterminate(int handle) {
        Pending op = take(handle);
        resolved.add(Op.indeterminate(op.clientId, op.key, op.input, op.invokeTime));
    }

    /** The history so far: resolved operations, then the open ones as indeterminate. */
    public synchronized List<Op> history() {
        List<Op> history = new ArrayList<>(resolved);
        for (Pending op : pending) {
            if (!op.resolved) {
                history.add(Op.indeterminate(op.clientId, op.key, op.input, op.invokeTime));
            }
        }
        return history;
    }

    private Pending take(int handle) {
        if (handle < 0 || handle >= pending.size()) {
            throw new IllegalArgumentException("unknown handle " + handle);
        }
        Pending op = pending.get(handle);
        if (op.resolved) {
            throw new IllegalStateException("handle " + handle + " already resolved: client=" + op.clientId + " "
                    + op.input.describe() + " on " + op.key);
        }
        op.resolved = true;
        return op;
    }

    /** An issued request; {@code resolved} flips once. Guarded by the recorder's lock. */
    private static final class Pending {
        private final long clientId;
        private final String key;
        private final ZkInput input;
        private final long invokeTime;
        private boolean resolved;

        Pending(long clientId, String key, ZkInput input, long invokeTime) {
            this.clientId = clientId;
            this.key = key;
            this.input = input;
            this.invokeTime = invokeTime;
        }
    }
}
