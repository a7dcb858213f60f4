package io.paddock.consensus;

/**
 * What a node must remember across crashes to keep election safe (Raft's HardState, ZooKeeper's
 * acceptedEpoch): the highest epoch it has seen and whom it voted for in that epoch (0: nobody).
 * The core hands a changed state out in a {@link Ready}; the shell persists it before it sends
 * any message of that Ready that depends on it.
 */
public record ElectionState(long epoch, int votedFor) {
    public static final ElectionState INITIAL = new ElectionState(0, 0);

    public ElectionState {
        if (epoch < 0 || epoch > 0xffffffffL) {
            throw new IllegalStateException("epoch out of range: " + epoch);
        }
        if (votedFor < 0) {
            throw new IllegalStateException("votedFor must be a node id or 0: " + votedFor);
        }
    }
}
