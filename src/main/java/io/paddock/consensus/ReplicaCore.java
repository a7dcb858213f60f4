package io.paddock.consensus;

import io.paddock.model.Check;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure replication core of one node: the proposer (leader) assigns zxids and proposes
 * txns, acceptors persist them and acknowledge, learners apply committed txns in zxid order.
 * A standalone node is a quorum of one and takes the same path: propose, persist, ack from
 * itself, commit, apply. No clock, no I/O, no threads: the shell feeds it events and carries
 * out the {@link Ready} it returns.
 *
 * <p>Runs on the node's event loop only (single-threaded by construction).
 *
 * <p>Invariants: appliedZxid &lt;= committedZxid &lt;= lastProposedZxid; every entry is
 * proposed with a zxid greater than the previous one; an entry is applied only after a
 * quorum (a majority of voters, the leader included) has persisted it.
 */
public final class ReplicaCore {
    private final int selfId;
    private final Set<Integer> voters;

    private Role role = Role.LOOKING;
    private long epoch;
    /** Invariant: counter of the last zxid handed out in this epoch. */
    private long counter;
    private long lastProposedZxid;
    private long committedZxid;

    /** Entries proposed but not yet handed to the shell for persisting. */
    private List<TxnEntry> toPersist = new ArrayList<>();
    /** Entries handed out for persisting but not yet committed, in zxid order. */
    private final ArrayDeque<TxnEntry> uncommitted = new ArrayDeque<>();
    private List<TxnEntry> toApply = new ArrayList<>();
    /** Highest zxid each voter has acknowledged as persisted. */
    private final Map<Integer, Long> ackedZxid = new HashMap<>();

    public ReplicaCore(int selfId, Set<Integer> voters) {
        Check.that(voters.contains(selfId), "node %s is not among the voters %s", selfId, voters);
        this.selfId = selfId;
        this.voters = Set.copyOf(voters);
    }

    /** Sets the state recovered from disk: the last zxid in the log is committed (standalone). */
    public void recover(long lastLoggedZxid) {
        Check.that(role == Role.LOOKING, "recover after start: %s", role);
        this.lastProposedZxid = lastLoggedZxid;
        this.committedZxid = lastLoggedZxid;
    }

    /**
     * The election result for {@code newEpoch}. A standalone node elects itself; the cluster's
     * election feeds the same call. New zxids start at counter 1 of the new epoch.
     */
    public void becomeLeader(long newEpoch) {
        Check.that(newEpoch > Zxid.epoch(lastProposedZxid) || lastProposedZxid == 0,
                "epoch %d does not exceed the epoch of the last zxid 0x%x", newEpoch, lastProposedZxid);
        Check.that(newEpoch > 0, "epoch must be positive: %s", newEpoch);
        this.epoch = newEpoch;
        this.counter = 0;
        this.role = Role.LEADING;
    }

    public boolean isLeader() {
        return role == Role.LEADING;
    }

    public Role role() {
        return role;
    }

    public long epoch() {
        return epoch;
    }

    /** The zxid the next proposal must carry. */
    public long nextZxid() {
        Check.that(role == Role.LEADING, "nextZxid while %s", role);
        Check.that(counter < 0xffffffffL, "zxid counter exhausted in epoch %s", epoch);
        return Zxid.of(epoch, counter + 1);
    }

    /** Proposes an entry whose zxid is {@link #nextZxid()}. */
    public void propose(TxnEntry entry) {
        Check.that(role == Role.LEADING, "propose while %s", role);
        Check.that(entry.zxid() == nextZxid(), "proposal zxid 0x%x, expected 0x%x",
                entry.zxid(), nextZxid());
        counter++;
        lastProposedZxid = entry.zxid();
        toPersist.add(entry);
    }

    /** The shell reports that this node's log holds every entry up to {@code zxid} durably. */
    public void persisted(long zxid) {
        Check.that(zxid <= lastProposedZxid, "persisted 0x%x beyond the last proposal 0x%x",
                zxid, lastProposedZxid);
        ack(selfId, zxid);
    }

    /**
     * Forgets every proposal this node has not persisted (its batch could not be written, e.g.
     * the disk is full) and returns them, oldest first, so the shell can reject them. The next
     * proposal reuses the first abandoned zxid: abandoned txns were never logged, applied or
     * shown to a client, so the log stays gap-free (recovery relies on that).
     */
    public List<TxnEntry> abandonUnpersisted() {
        long persistedZxid = ackedZxid.getOrDefault(selfId, committedZxid);
        List<TxnEntry> dropped = new ArrayList<>();
        while (!uncommitted.isEmpty() && uncommitted.peekLast().zxid() > persistedZxid) {
            dropped.add(0, uncommitted.pollLast());
        }
        dropped.addAll(toPersist);
        toPersist = new ArrayList<>();
        if (!dropped.isEmpty()) {
            long first = dropped.get(0).zxid();
            Check.that(Zxid.epoch(first) == epoch, "abandoning a proposal of epoch %s in epoch %s",
                    Zxid.epoch(first), epoch);
            counter = Zxid.counter(first) - 1;
            lastProposedZxid = Math.max(persistedZxid, Zxid.of(epoch, counter));
        }
        Check.that(uncommitted.isEmpty() || uncommitted.peekLast().zxid() <= persistedZxid,
                "abandoned past the persisted zxid");
        return dropped;
    }

    /** An acceptor's acknowledgement (its own, or a peer's once the cluster exists). */
    public void ack(int voter, long zxid) {
        Check.that(voters.contains(voter), "ack from non-voter %s", voter);
        ackedZxid.merge(voter, zxid, Math::max);
        advanceCommit(Quorum.committedZxid(ackedZxid, voters));
    }

    private void advanceCommit(long quorumZxid) {
        if (quorumZxid <= committedZxid) {
            return;
        }
        while (!uncommitted.isEmpty() && uncommitted.peekFirst().zxid() <= quorumZxid) {
            toApply.add(uncommitted.pollFirst());
        }
        committedZxid = quorumZxid;
    }

    public long committedZxid() {
        return committedZxid;
    }

    public boolean hasReady() {
        return !toPersist.isEmpty() || !toApply.isEmpty();
    }

    /** Hands out what must be persisted and applied; the entries move to the uncommitted queue. */
    public Ready ready() {
        Ready ready = new Ready(toPersist, toApply);
        uncommitted.addAll(toPersist);
        toPersist = new ArrayList<>();
        toApply = new ArrayList<>();
        return ready;
    }
}
