package io.paddock.consensus;

import java.util.Set;
import java.util.TreeSet;

/**
 * The fixed settings of one node's consensus core, in ticks and counts (never milliseconds:
 * the shell decides how long a tick is).
 *
 * @param selfId this node's id
 * @param voters the participants (their acks count towards a quorum, they vote and campaign)
 * @param observers members that learn every commit but never vote (may be empty)
 * @param electionTimeoutTicks a follower hearing nothing from a leader for a random time in
 *     [electionTimeoutTicks, 2 * electionTimeoutTicks) campaigns; a leader that has not heard
 *     from a quorum within electionTimeoutTicks steps down
 * @param windowTxns entries kept in memory (beyond the uncommitted ones) to bring a follower
 *     up to date by DIFF; older ones need a snapshot
 * @param windowBytes the same bound in approximate bytes
 * @param appendBytesMax approximate bytes of entries in one append message
 * @param inflightBytesMax approximate bytes of entries sent to one follower and not yet
 *     acknowledged, beyond which the leader waits
 * @param snapshotTimeoutTicks how long the leader waits for a follower to install a snapshot
 *     before it tries again
 */
public record CoreConfig(int selfId, Set<Integer> voters, Set<Integer> observers, int electionTimeoutTicks,
                         int windowTxns, long windowBytes, long appendBytesMax, long inflightBytesMax,
                         int snapshotTimeoutTicks) {
    public CoreConfig {
        // Sorted, so that every loop over members runs in id order on every JVM (Set.copyOf's order
        // changes from run to run, which would break the simulator's replay of a seed).
        voters = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        observers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(observers));
        if (!voters.contains(selfId) && !observers.contains(selfId)) {
            throw new IllegalStateException("node " + selfId + " is neither a voter " + voters
                    + " nor an observer " + observers);
        }
        for (int observer : observers) {
            if (voters.contains(observer)) {
                throw new IllegalStateException("node " + observer + " is both a voter and an observer");
            }
        }
        if (electionTimeoutTicks < 2) {
            throw new IllegalStateException("electionTimeoutTicks must be at least 2: " + electionTimeoutTicks);
        }
        if (windowTxns < 0 || windowBytes < 0 || appendBytesMax < 1 || inflightBytesMax < appendBytesMax) {
            throw new IllegalStateException("bad window or flow-control bounds");
        }
    }

    /** A standalone node: a quorum of one. */
    public static CoreConfig standalone(int selfId) {
        return new CoreConfig(selfId, Set.of(selfId), Set.of(), 10, 20_000, 64L << 20, 1L << 20, 16L << 20, 600);
    }

    public boolean isVoter(int id) {
        return voters.contains(id);
    }

    public boolean selfIsVoter() {
        return voters.contains(selfId);
    }

    /**
     * True when the leader and any one other voter are a quorum (two or three voters): then a
     * voting follower that has persisted an entry of the leader's epoch, and heard that the
     * leader has too, knows it committed without waiting for the leader's commit notice.
     */
    public boolean pairIsQuorum() {
        return voters.size() > 1 && Quorum.majority(voters.size()) == 2;
    }

    /** Every member but this node. */
    public Set<Integer> peers() {
        TreeSet<Integer> peers = new TreeSet<>(voters);
        peers.addAll(observers);
        peers.remove(selfId);
        return peers;
    }
}
