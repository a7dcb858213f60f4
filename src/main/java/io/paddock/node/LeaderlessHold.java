package io.paddock.node;

/**
 * How long a node without a leader keeps its clients: requests are held (not answered, not
 * refused) while a new leader is found, which usually takes well under a second; once
 * {@code holdMs} has passed without one, connections are dropped so that clients move to a
 * node that serves. A node that has never served holds nothing (its client port is not open).
 * Confined to the event loop. Invariant: {@code sinceMs} is -1 exactly while serving.
 */
final class LeaderlessHold {
    private final long holdMs;
    private long sinceMs = -1;

    LeaderlessHold(long holdMs) {
        this.holdMs = holdMs;
    }

    void serving(boolean serving, long nowMs) {
        if (serving) {
            sinceMs = -1;
        } else if (sinceMs < 0) {
            sinceMs = nowMs;
        }
    }

    /** True once the node has gone {@code holdMs} without serving. */
    boolean expired(long nowMs) {
        return sinceMs >= 0 && nowMs - sinceMs >= holdMs;
    }
}
