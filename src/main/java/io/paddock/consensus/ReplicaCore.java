package io.paddock.consensus;

import io.paddock.model.Check;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The pure consensus core of one node (etcd/raft's shape, ZooKeeper's Zab vocabulary): leader
 * election in numbered epochs with pre-vote and check-quorum, the leader's proposals, acceptors
 * that acknowledge only what they have persisted, commit at a majority, learners that apply in
 * zxid order, and the synchronisation of a follower with a new leader (DIFF, TRUNC, SNAP), all
 * as one state machine. Inputs: {@link #step}, {@link #tick}, {@link #propose},
 * {@link #persisted}, {@link #readIndex}, {@link #installSnapshot}, {@link #peerDisconnected};
 * output: {@link #ready()}. No clock, no I/O, no threads; randomness comes from the seeded
 * {@link SplittableRandom} passed in. docs/consensus.md states the protocol and its invariants.
 *
 * <p>Confined to one thread (the node's event loop, or the simulator).
 *
 * <p>Invariants: at most one vote per epoch ({@code votedFor}, persisted before any message
 * that depends on it leaves); {@code appliedZxid <= committedZxid <= log.lastZxid()};
 * a follower commits only entries it knows agree with the current leader
 * ({@code committedZxid <= max(Following.matchedZxid, committed before this epoch)}); the leader commits
 * only entries of its own epoch by counting (earlier ones commit with them), so its NEWLEADER
 * marker (counter 0) commits first; committed entries are never truncated.
 */
public final class ReplicaCore {
    final CoreConfig config;
    final int selfId;
    final EntryLog log;
    private final SplittableRandom random;
    final Outbox out = new Outbox();

    // durable election state
    long epoch;
    private int votedFor;
    private boolean electionStateDirty;

    Role role = Role.LOOKING;
    int leaderId;
    long committedZxid;
    /** Entries up to here were handed out for applying. */
    long appliedZxid;
    /** Entries up to here were handed out for persisting. */
    long persistHandedZxid;
    /** The shell's log is durable up to here (the leader's own acknowledgement). */
    long persistedZxid;
    /** The last Ready's seq; reports of writes handed out before Ready {@code cutSeq} are stale. */
    private long readySeq;
    long cutSeq;
    long truncateAfterZxid = -1;
    private long snapshotInstalledZxid = -1;
    /** The follower's half: what agrees with the current leader, and commits from it. */
    final Following following = new Following(this);

    int electionElapsed;
    private int randomizedElectionTimeout;
    /** Follower: the transport lost its connection to the leader. */
    private boolean leaderLost;
    /** LOOKING: a campaign is under way (votes are counted only then); {@code preCandidate}: it is a pre-vote. */
    private boolean campaigning;
    private boolean preCandidate;
    private final Set<Integer> granted = new HashSet<>();
    private final Set<Integer> refused = new HashSet<>();

    /** Non-null while leading. */
    Leadership leadership;
    /** Test-only switches that plant known protocol bugs (the simulator's checkers must catch each). */
    final Faults faults;

    /**
     * A core restored from durable state: the election state, the held log ({@code base} and
     * the entries after it, from the log the node recovered) and how far that log is known
     * committed (at least the snapshot's zxid, which is applied already).
     */
    public ReplicaCore(CoreConfig config, SplittableRandom random, ElectionState state, long baseZxid,
                       List<TxnEntry> held, long committedZxid, Faults faults) {
        this.config = config;
        this.selfId = config.selfId();
        this.random = random;
        this.faults = faults == null ? Faults.NONE : faults;
        this.log = new EntryLog(baseZxid, held);
        this.epoch = state.epoch();
        this.votedFor = state.votedFor();
        Check.that(committedZxid >= baseZxid, "committed 0x%x below the base 0x%x", committedZxid, baseZxid);
        Check.that(committedZxid <= log.lastZxid(), "committed 0x%x beyond the log 0x%x", committedZxid,
                log.lastZxid());
        Check.that(epoch >= Zxid.epoch(log.lastZxid()), "election epoch %d below the log's epoch %d", epoch,
                Zxid.epoch(log.lastZxid()));
        this.committedZxid = committedZxid;
        this.appliedZxid = committedZxid;
        this.persistHandedZxid = log.lastZxid();
        this.persistedZxid = log.lastZxid();
        following.newEpoch();
        this.role = config.selfIsVoter() ? Role.LOOKING : Role.OBSERVING;
        resetElectionTimeout();
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** One tick of the node's clock: heartbeats and check-quorum when leading, else the election timer. */
    public void tick() {
        if (role == Role.LEADING) {
            leadership.tick();
            return;
        }
        electionElapsed++;
        boolean alone = config.voters().size() == 1; // a quorum of one has nobody to wait for
        if (config.selfIsVoter() && (alone || electionElapsed >= randomizedElectionTimeout)) {
            campaign(true);
        }
    }

    /** A message from a peer. */
    public void step(PeerMessage message) {
        Check.that(message.to() == selfId, "message for %s delivered to %s", message.to(), selfId);
        if (!config.isVoter(message.from()) && !config.observers().contains(message.from())) {
            return; // not a member: ignore
        }
        if (message.epoch() > epoch && !higherEpoch(message)) {
            return;
        }
        if (message.epoch() < epoch) {
            staleEpoch(message);
            return;
        }
        if (role == Role.LEADING) {
            leadership.step(message);
        } else if (role == Role.LOOKING) {
            stepLooking(message);
        } else {
            stepFollower(message);
        }
    }

    /** The shell's log is durable up to {@code zxid}, with everything handed out so far. */
    public void persisted(long zxid) {
        persisted(zxid, readySeq);
    }

    /**
     * The shell's log is durable up to {@code zxid}, written from the Readies up to
     * {@code readySeq}. Ignored when a later Ready cut the log: those zxids may not be the ones
     * the log holds now, and the write that carries the cut reports again.
     */
    public void persisted(long zxid, long readySeq) {
        if (readySeq < cutSeq) {
            return;
        }
        persistedZxid = Math.max(persistedZxid, Math.min(zxid, log.lastZxid()));
        if (role == Role.LEADING) {
            leadership.persisted();
        } else if (role == Role.FOLLOWING) {
            following.persisted();
        }
    }

    /** True when this node leads and its NEWLEADER marker is committed: it may take writes. */
    public boolean serving() {
        return role == Role.LEADING && (committedZxid >= Zxid.of(epoch, 0) || faults.serveBeforeSync());
    }

    /** The zxid the next proposal must carry. */
    public long nextZxid() {
        Check.that(serving(), "nextZxid while not serving (%s)", role);
        long last = log.lastZxid();
        Check.that(Zxid.epoch(last) == epoch, "last zxid 0x%x is not of epoch %d", last, epoch);
        Check.that(Zxid.counter(last) < 0xffffffffL, "zxid counter exhausted in epoch %d", epoch);
        return last + 1;
    }

    /** Proposes an entry carrying {@link #nextZxid()}; the leader replicates it with the next append. */
    public void propose(TxnEntry entry) {
        Check.that(entry.zxid() == nextZxid(), "proposal zxid 0x%x, expected 0x%x", entry.zxid(), nextZxid());
        log.append(entry);
        leadership.proposed();
    }

    /**
     * A linearizable read index for a local sync. The leader confirms its leadership with a
     * quorum heartbeat round; a follower asks the leader. Returns false when there is no leader
     * to ask (the caller retries once a leader serves).
     */
    public boolean readIndex(long requestId) {
        if (role == Role.LEADING) {
            leadership.readIndex(selfId, requestId);
            return true;
        }
        if ((role == Role.FOLLOWING || role == Role.OBSERVING) && leaderId != 0) {
            out.now(new PeerMessage.ReadIndexRequest(selfId, leaderId, epoch, requestId));
            return true;
        }
        return false;
    }

    /**
     * A snapshot from {@code from}, the leader of {@code leaderEpoch}, of its applied state at
     * {@code zxid}. Returns true when this node takes it: its log starts over after {@code zxid}
     * and the caller must install the snapshot's tree (the Ready says to persist it).
     */
    public boolean installSnapshot(int from, long leaderEpoch, long zxid) {
        if (leaderEpoch < epoch) {
            return false;
        }
        if (leaderEpoch > epoch || role != Role.FOLLOWING && role != Role.OBSERVING) {
            becomeFollower(leaderEpoch, from);
        }
        if (from != leaderId) {
            return false;
        }
        electionElapsed = 0;
        if (zxid <= committedZxid) {
            out.afterPersist(new PeerMessage.AppendReply(selfId, from, epoch, true, committedZxid, zxid, 0));
            return false;
        }
        log.reset(zxid);
        out.truncated(zxid);
        cutSeq = nextReadySeq();
        committedZxid = zxid;
        appliedZxid = zxid;
        persistHandedZxid = zxid;
        persistedZxid = zxid;
        following.snapshotInstalled(zxid);
        truncateAfterZxid = -1;
        snapshotInstalledZxid = zxid;
        out.afterPersist(new PeerMessage.AppendReply(selfId, from, epoch, true, zxid, zxid, 0));
        return true;
    }

    /**
     * The transport lost its connection to {@code peer}. Losing the leader starts an election
     * soon (the most senior remaining voter first) instead of after a full timeout.
     */
    public void peerDisconnected(int peer) {
        if (role == Role.LEADING) {
            leadership.peerDisconnected(peer);
        } else if (peer == leaderId && role == Role.FOLLOWING && !leaderLost) {
            leaderLost = true;
            electionElapsed = Math.max(electionElapsed, randomizedElectionTimeout - rankDelayTicks(peer));
        }
    }

    /**
     * Standalone only: the shell could not write its log (no disk space) and dropped every
     * entry it had not persisted. They were never durable, so never committed (a quorum of
     * one commits only what it persisted): they are removed and returned, oldest first, and the
     * next proposal reuses the first zxid, keeping the log gap-free. A dropped NEWLEADER marker
     * is appended again, so the next batch retries it.
     */
    public List<TxnEntry> abandonUnpersisted() {
        Check.that(config.voters().size() == 1 && role == Role.LEADING, "abandoning proposals as %s of %s voters",
                role, config.voters().size());
        Check.that(committedZxid <= persistedZxid, "committed 0x%x beyond persisted 0x%x", committedZxid, persistedZxid);
        List<TxnEntry> dropped = log.between(persistedZxid, log.lastZxid());
        log.truncateAfter(persistedZxid);
        persistHandedZxid = persistedZxid;
        List<TxnEntry> rejected = new ArrayList<>();
        for (TxnEntry entry : dropped) {
            if (entry.txn() instanceof Txn.NewEpoch) {
                log.append(entry);
            } else {
                rejected.add(entry);
            }
        }
        return rejected;
    }

    /** The seq the next Ready will carry. */
    long nextReadySeq() {
        return readySeq + 1;
    }

    // ---- output -------------------------------------------------------------------------------

    public boolean hasReady() {
        return electionStateDirty || truncateAfterZxid >= 0 || snapshotInstalledZxid >= 0
                || persistHandedZxid < log.lastZxid() || appliedZxid < committedZxid || out.hasAny()
                || leadership != null && leadership.hasFlush();
    }

    /** Everything the shell must do next; see {@link Ready} for the order. */
    public Ready ready() {
        if (role == Role.LEADING) {
            leadership.flush();
        }
        ElectionState state = electionStateDirty ? new ElectionState(epoch, votedFor) : null;
        electionStateDirty = false;
        List<TxnEntry> toPersist = log.between(persistHandedZxid, log.lastZxid());
        persistHandedZxid = log.lastZxid();
        List<TxnEntry> toApply = log.between(appliedZxid, committedZxid);
        Check.that(toApply.isEmpty() || toApply.get(toApply.size() - 1).zxid() == committedZxid || faults.any(),
                "committed 0x%x is not a held entry", committedZxid);
        appliedZxid = committedZxid;
        Ready ready = new Ready(state, truncateAfterZxid, snapshotInstalledZxid, toPersist, out.takeNow(),
                out.takeAfterPersist(), toApply, out.takeReadStates(), out.takeSnapshots(), ++readySeq);
        truncateAfterZxid = -1;
        snapshotInstalledZxid = -1;
        log.compact(appliedZxid, config.windowTxns(), config.windowBytes(),
                leadership == null ? Long.MAX_VALUE : leadership.heldAfter());
        return ready;
    }

    // ---- queries ------------------------------------------------------------------------------

    public Role role() {
        return role;
    }

    public long epoch() {
        return epoch;
    }

    /** The leader this node follows (itself when leading), 0 when none is known. */
    public int leaderId() {
        return leaderId;
    }

    public long committedZxid() {
        return committedZxid;
    }

    public long lastZxid() {
        return log.lastZxid();
    }

    /** The oldest zxid after which this node can still send entries (older needs a snapshot). */
    public long heldFromZxid() {
        return log.baseZxid();
    }

    public int votedFor() {
        return votedFor;
    }

    /** Leader only: each peer's acknowledged zxid, for the four-letter words; empty otherwise. */
    public List<PeerStatus> peerStatus() {
        return leadership == null ? List.of() : leadership.peerStatus();
    }

    /** One peer as the leader sees it. */
    public record PeerStatus(int id, boolean voter, long matchZxid, boolean recentActive, String state) {}

    // ---- epochs and roles ---------------------------------------------------------------------

    /** Decides what a message from a higher epoch does; returns false when it is to be ignored. */
    private boolean higherEpoch(PeerMessage message) {
        if (message instanceof PeerMessage.VoteRequest request) {
            if (request.preVote()) {
                answerVote(request);
                return false;
            }
            if (inLease()) {
                return false; // a live leader exists: a disruptive candidate is ignored (check-quorum)
            }
            becomeFollower(message.epoch(), 0);
            return true;
        }
        if (message instanceof PeerMessage.VoteReply reply && reply.preVote() && reply.granted()) {
            return true; // a pre-vote grant carries the epoch we would campaign in
        }
        if (message instanceof PeerMessage.VoteReply) {
            becomeFollower(message.epoch(), 0);
            return true;
        }
        boolean fromLeader = message instanceof PeerMessage.Append || message instanceof PeerMessage.Heartbeat
                || message instanceof PeerMessage.Commit || message instanceof PeerMessage.ReadIndexReply;
        becomeFollower(message.epoch(), fromLeader ? message.from() : 0);
        return true;
    }

    /** A message from an older epoch: tell its sender ours, so an old leader or candidate steps down. */
    private void staleEpoch(PeerMessage message) {
        if (message instanceof PeerMessage.Append || message instanceof PeerMessage.Heartbeat) {
            out.now(new PeerMessage.AppendReply(selfId, message.from(), epoch, false, 0, -1, 0));
        } else if (message instanceof PeerMessage.VoteRequest request) {
            out.now(new PeerMessage.VoteReply(selfId, request.from(), epoch, false, request.preVote()));
        }
    }

    void becomeFollower(long newEpoch, int leader) {
        Check.that(newEpoch >= epoch, "epoch going back from %d to %d", epoch, newEpoch);
        if (newEpoch > epoch) {
            epoch = newEpoch;
            votedFor = 0;
            electionStateDirty = true;
            following.newEpoch(); // what agreed with the last epoch's leader proves nothing of the next one
        }
        leadership = null;
        if (!config.selfIsVoter()) {
            role = Role.OBSERVING;
        } else {
            role = leader == 0 ? Role.LOOKING : Role.FOLLOWING;
        }
        leaderId = leader;
        leaderLost = false;
        campaigning = false;
        preCandidate = false;
        // matchedZxid stands within an epoch (one leader, whose log never changes below what it
        // sent); resetting it here left a follower unable to commit what it held (script 16).
        electionElapsed = 0;
        resetElectionTimeout();
    }

    private void campaign(boolean preVote) {
        if (!config.selfIsVoter()) {
            return;
        }
        if (role == Role.LEADING) {
            return;
        }
        role = Role.LOOKING;
        leaderId = 0;
        campaigning = true;
        preCandidate = preVote;
        granted.clear();
        refused.clear();
        electionElapsed = 0;
        resetElectionTimeout();
        long campaignEpoch = preVote ? epoch + 1 : epoch;
        if (!preVote) {
            epoch++;
            following.newEpoch();
            campaignEpoch = epoch;
            votedFor = selfId;
            electionStateDirty = true;
        }
        granted.add(selfId);
        if (granted.size() >= Quorum.majority(config.voters().size())) {
            voteWon();
            return;
        }
        for (int voter : config.voters()) {
            if (voter != selfId) {
                PeerMessage request = new PeerMessage.VoteRequest(selfId, voter, campaignEpoch, log.lastZxid(), preVote);
                // A real vote request follows the persisted self-vote, so a restart cannot vote twice.
                if (preVote) out.now(request); else out.afterPersist(request);
            }
        }
    }

    private void voteWon() {
        if (preCandidate) {
            campaign(false);
        } else {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADING;
        leaderId = selfId;
        campaigning = false;
        preCandidate = false;
        long marker = Zxid.of(epoch, 0);
        Check.that(marker > log.lastZxid(), "NEWLEADER 0x%x not after the log's last 0x%x", marker, log.lastZxid());
        long prevLast = log.lastZxid();
        log.append(new TxnEntry(marker, 0, 0, 0, new Txn.NewEpoch(selfId)));
        leadership = new Leadership(this, prevLast);
        leadership.maybeCommit();
    }

    // ---- votes --------------------------------------------------------------------------------

    private void answerVote(PeerMessage.VoteRequest request) {
        boolean grant = config.selfIsVoter() && !inLease() && upToDate(request.lastZxid(), request.from())
                && (request.preVote() || votedFor == 0 || votedFor == request.from() || faults.voteTwice());
        if (grant && !request.preVote()) {
            votedFor = request.from();
            electionStateDirty = true;
            electionElapsed = 0;
        }
        PeerMessage.VoteReply reply = new PeerMessage.VoteReply(selfId, request.from(),
                grant ? request.epoch() : epoch, grant, request.preVote());
        // A granted vote is a promise: it leaves only once the vote is durable.
        if (grant && !request.preVote()) out.afterPersist(reply); else out.now(reply);
    }

    /** Raft's up-to-date rule, with ZooKeeper's tie-break: equal last zxids go to the higher id. */
    private boolean upToDate(long candidateLastZxid, int candidateId) {
        long mine = log.lastZxid();
        return candidateLastZxid > mine || candidateLastZxid == mine && candidateId >= selfId;
    }

    /** True while this node has a leader it heard from recently (or leads): votes for others are refused. */
    private boolean inLease() {
        if (role == Role.LEADING) {
            return true;
        }
        return leaderId != 0 && !leaderLost && electionElapsed < config.electionTimeoutTicks();
    }

    private void stepLooking(PeerMessage message) {
        if (message instanceof PeerMessage.VoteReply reply) {
            // Count only answers to the campaign under way: a late grant from an earlier campaign
            // (or from before this node last stepped down) would otherwise make a second leader.
            long campaignEpoch = preCandidate ? epoch + 1 : epoch;
            if (!campaigning || reply.preVote() != preCandidate || reply.granted() && reply.epoch() != campaignEpoch) {
                return;
            }
            (reply.granted() ? granted : refused).add(reply.from());
            int majority = Quorum.majority(config.voters().size());
            if (granted.size() >= majority) {
                voteWon();
            } else if (refused.size() >= majority) {
                becomeFollower(epoch, 0);
            }
        } else if (message instanceof PeerMessage.VoteRequest request) {
            answerVote(request);
        } else if (message instanceof PeerMessage.Append || message instanceof PeerMessage.Heartbeat
                || message instanceof PeerMessage.Commit) {
            becomeFollower(epoch, message.from());
            stepFollower(message);
        }
    }

    // ---- following ----------------------------------------------------------------------------

    private void stepFollower(PeerMessage message) {
        if (message instanceof PeerMessage.VoteRequest request) {
            answerVote(request);
            return;
        }
        if (leaderId == 0 && (message instanceof PeerMessage.Append || message instanceof PeerMessage.Heartbeat
                || message instanceof PeerMessage.Commit)) {
            leaderId = message.from();
            if (role == Role.LOOKING) role = Role.FOLLOWING;
        }
        if (message.from() == leaderId) {
            electionElapsed = 0;
            leaderLost = false;
        }
        if (message.from() != leaderId) {
            return;
        }
        if (message instanceof PeerMessage.Append append) {
            following.append(append);
        } else if (message instanceof PeerMessage.Heartbeat beat) {
            following.commitTo(beat.commitZxid());
            out.now(new PeerMessage.HeartbeatReply(selfId, beat.from(), epoch, beat.seq()));
        } else if (message instanceof PeerMessage.Commit commit) {
            following.commit(commit);
        } else if (message instanceof PeerMessage.ReadIndexReply reply) {
            out.readState(reply.requestId(), reply.readZxid());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void resetElectionTimeout() {
        randomizedElectionTimeout = config.electionTimeoutTicks() + random.nextInt(config.electionTimeoutTicks());
    }

    /** Ticks to wait before campaigning after losing the leader: the higher a voter's id, the sooner. */
    private int rankDelayTicks(int lostLeader) {
        int rank = 0;
        for (int voter : config.voters()) {
            if (voter > selfId && voter != lostLeader) {
                rank++;
            }
        }
        return 1 + 2 * rank;
    }
}
