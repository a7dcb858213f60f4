package io.paddock.consensus;

/**
 * Known protocol bugs a test can plant in a replica, one switch each, so that the simulator's
 * checkers can be shown to catch every one (a checker that cannot fail is no checker). Every
 * switch is off in {@link #NONE}, the only value production code uses.
 *
 * @param commitAtMinority the leader commits once any one voter besides itself has an entry
 * @param serveBeforeSync the leader takes writes before its NEWLEADER marker is committed
 * @param ackBeforePersist an acceptor acknowledges an append before persisting it
 * @param applyOutOfOrder a learner applies each batch of committed entries in reverse order
 * @param voteTwice a voter grants every request in an epoch, not just the first
 * @param skipTruncate a follower keeps entries that conflict with the leader's (no TRUNC)
 */
public record Faults(boolean commitAtMinority, boolean serveBeforeSync, boolean ackBeforePersist,
                     boolean applyOutOfOrder, boolean voteTwice, boolean skipTruncate) {
    public static final Faults NONE = new Faults(false, false, false, false, false, false);

    public boolean any() {
        return commitAtMinority || serveBeforeSync || ackBeforePersist || applyOutOfOrder || voteTwice || skipTruncate;
    }
}
