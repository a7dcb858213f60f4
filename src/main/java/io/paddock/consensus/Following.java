package io.paddock.consensus;

import io.paddock.model.Check;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;

/**
 * The follower's half of {@link ReplicaCore}: the leader's appends (DIFF, TRUNC, broadcast) and
 * how far this node may commit on what it has heard.
 *
 * <p>Confined to the core's thread. Invariants: {@code matchedZxid} only counts entries known
 * to agree with the current epoch's leader (it starts each epoch at the commit point); a
 * follower commits only up to it; nothing committed is truncated.
 */
final class Following {
    private final ReplicaCore core;
    /** The last zxid known to agree with the current leader's log. */
    long matchedZxid;
    /** The current leader's own log is durable up to here (its Commit notices). */
    private long leaderDurableZxid;

    Following(ReplicaCore core) {
        this.core = core;
    }

    /** A new epoch: what agreed with the last epoch's leader proves nothing of the next one. */
    void newEpoch() {
        matchedZxid = core.committedZxid;
        leaderDurableZxid = 0;
    }

    void snapshotInstalled(long zxid) {
        matchedZxid = zxid;
    }

    void commit(PeerMessage.Commit commit) {
        leaderDurableZxid = Math.max(leaderDurableZxid, commit.durableZxid());
        commitTo(commit.commitZxid());
    }

    /** This node's log became durable further: it may now hold, with the leader, a quorum. */
    void persisted() {
        commitTo(core.committedZxid); // the leader's commit point adds nothing here: only the pair can
    }

    /** Keeps the log up to prevZxid, replaces what differs after it, appends the rest. */
    void append(PeerMessage.Append append) {
        EntryLog log = core.log;
        long prev = append.prevZxid();
        if (prev > core.committedZxid && !log.holds(prev)) {
            long hint = Math.max(Math.min(log.lastAtOrBefore(prev), log.lastZxid()), core.committedZxid);
            core.out.now(new PeerMessage.AppendReply(core.selfId, append.from(), core.epoch, false, 0, prev, hint));
            return;
        }
        long position = prev;
        for (TxnEntry entry : append.entries()) {
            if (entry.zxid() <= core.committedZxid) {
                position = entry.zxid();
                continue; // committed here already, so identical
            }
            long next = log.holds(position) ? log.nextAfter(position) : -1;
            if (next == entry.zxid()) {
                position = entry.zxid();
                continue;
            }
            if (next != -1 && !core.faults.skipTruncate()) {
                truncate(position);
            }
            if (entry.zxid() > log.lastZxid()) {
                log.append(entry);
            }
            position = entry.zxid();
        }
        matchedZxid = Math.max(matchedZxid, position);
        PeerMessage.AppendReply ack = new PeerMessage.AppendReply(core.selfId, append.from(), core.epoch, true,
                position, prev, 0);
        // An acknowledgement promises durability: it leaves only after the persist (unless the bug is planted).
        if (core.faults.ackBeforePersist()) core.out.now(ack); else core.out.afterPersist(ack);
        commitTo(append.commitZxid());
    }

    private void truncate(long afterZxid) {
        Check.that(afterZxid >= core.committedZxid, "truncating after 0x%x, below the commit point 0x%x", afterZxid,
                core.committedZxid);
        core.log.truncateAfter(afterZxid);
        core.out.truncated(afterZxid);
        if (afterZxid < core.persistHandedZxid) {
            core.truncateAfterZxid = core.truncateAfterZxid < 0 ? afterZxid : Math.min(core.truncateAfterZxid, afterZxid);
            core.persistHandedZxid = afterZxid;
            core.cutSeq = core.nextReadySeq(); // writes handed out before now report what is cut
        }
        core.persistedZxid = Math.min(core.persistedZxid, afterZxid);
    }

    /**
     * Commits up to the leader's commit point, but never past what is known to agree with the
     * leader. Where the leader and one follower are a quorum ({@link CoreConfig#pairIsQuorum}),
     * a voting follower also commits what both it and the leader have persisted, if it is of the
     * leader's epoch: the leader's own rule, counted here without waiting for the leader to hear
     * this follower's acknowledgement and send the commit notice back.
     */
    void commitTo(long leaderCommitZxid) {
        long target = Math.min(leaderCommitZxid, matchedZxid);
        if (core.role == Role.FOLLOWING && core.config.pairIsQuorum()) {
            long pair = Math.min(Math.min(leaderDurableZxid, core.persistedZxid), matchedZxid);
            if (pair >= Zxid.of(core.epoch, 0)) {
                target = Math.max(target, pair);
            }
        }
        if (target > core.committedZxid) {
            core.committedZxid = core.log.lastAtOrBefore(target);
        }
    }
}
