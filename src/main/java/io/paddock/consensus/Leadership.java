package io.paddock.consensus;

import io.paddock.model.Check;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's half of {@link ReplicaCore}, alive for one epoch: each peer's {@link Progress},
 * appends (the DIFF and TRUNC that bring a follower in sync, then the broadcast of proposals),
 * commit at a quorum, heartbeats and check-quorum, and the ReadIndex rounds that make a sync
 * linearizable.
 *
 * <p>Confined to the core's thread. Invariants: the commit point only moves to zxids of this
 * epoch (the NEWLEADER marker first), counted over voters only; a read index is released only
 * after a quorum of voters answered a heartbeat round that started after the read was asked.
 */
final class Leadership {
    private final ReplicaCore core;
    private final Map<Integer, Progress> peers = new TreeMap<>();
    /** Ticks since the last check-quorum round. */
    private int quorumCheckElapsed;
    /** The last heartbeat round started in this epoch. */
    private long heartbeatSeq;
    private boolean heartbeatWanted;
    /** Proposals were appended since the last Ready: replicating peers get them in one append each. */
    private boolean appendWanted;
    private boolean commitChanged;
    /** The leader's own durable zxid last announced to the voters ({@link CoreConfig#pairIsQuorum}). */
    private long durableAnnounced;
    private boolean durableChanged;
    /** Read indexes waiting for a quorum to answer their heartbeat round, oldest first. */
    private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();
    /** Read indexes asked before the NEWLEADER marker committed. */
    private final List<PendingRead> readsBeforeServing = new ArrayList<>();

    private record PendingRead(int from, long requestId, long readZxid, long seq) {}

    /** Scratch space for the quorum computation: one slot per voter. */
    private final long[] ackScratch;

    Leadership(ReplicaCore core, long prevLastZxid) {
        this.core = core;
        this.ackScratch = new long[core.config.voters().size()];
        for (int peer : core.config.peers()) {
            peers.put(peer, new Progress(peer, core.config.isVoter(peer), prevLastZxid));
        }
        for (Progress progress : peers.values()) {
            sendAppend(progress);
        }
    }

    // ---- inputs -------------------------------------------------------------------------------

    void tick() {
        heartbeatWanted = true;
        quorumCheckElapsed++;
        for (Progress progress : peers.values()) {
            tickPeer(progress);
        }
        if (quorumCheckElapsed >= core.config.electionTimeoutTicks()) {
            quorumCheckElapsed = 0;
            if (!quorumActive()) {
                core.becomeFollower(core.epoch, 0); // check-quorum: a cut-off leader steps down
                return;
            }
            for (Progress progress : peers.values()) {
                progress.recentActive = false;
            }
        }
    }

    private void tickPeer(Progress progress) {
        if (progress.state == Progress.State.SNAPSHOT && ++progress.snapshotTicks > core.config.snapshotTimeoutTicks()) {
            progress.becomeProbe(progress.matchZxid);
        } else if (progress.state == Progress.State.REPLICATE && !progress.inflight.isEmpty()
                && ++progress.stalledTicks >= stallTicks()) {
            // Appends went unanswered for an election timeout: start again from its match. The link
            // is a stream, so a slow peer is not a lost one; a dropped append (a full link queue)
            // shows sooner, as the refusal of the next one, and a lost connection as peerDisconnected.
            progress.becomeProbe(progress.matchZxid);
        } else if (progress.state == Progress.State.PROBE && progress.probeSent) {
            // An unanswered probe is sent again each tick, unless the peer has answered a heartbeat
            // sent after it: the link is FIFO, so then the peer holds the probe and answers it once
            // the entries in it are durable. After an election timeout it is sent anyway. A first
            // probe carries up to appendBytesMax of entries; a resend carries none (the peer's answer
            // says where its log agrees, and entries follow): resent with entries to a peer that is
            // only silent (paused, starved), copies of a megabyte each tick filled the link's queue,
            // and the peer had to work through them when it came back (script 20).
            boolean received = progress.ackedSeq > progress.probeSeq;
            if (!received || ++progress.probeTicks >= stallTicks()) {
                progress.probeSent = false;
                progress.probeResend = true;
            }
        }
        sendAppend(progress);
    }

    /** Ticks without an acknowledgement, appends in flight, before a replicating peer is probed again. */
    private int stallTicks() {
        return core.config.electionTimeoutTicks();
    }

    void step(PeerMessage message) {
        Progress progress = peers.get(message.from());
        if (progress != null) {
            progress.recentActive = true;
            progress.inTouch = true;
        }
        if (message instanceof PeerMessage.AppendReply reply) {
            appendReply(progress, reply);
        } else if (message instanceof PeerMessage.HeartbeatReply reply) {
            heartbeatReply(progress, reply);
        } else if (message instanceof PeerMessage.ReadIndexRequest request) {
            readIndex(request.from(), request.requestId());
        } else if (message instanceof PeerMessage.VoteRequest request) {
            core.out.now(new PeerMessage.VoteReply(core.selfId, request.from(), core.epoch, false, request.preVote()));
        } else if (message instanceof PeerMessage.Append || message instanceof PeerMessage.Heartbeat) {
            Check.that(false, "two leaders in epoch %d: %d and %d", core.epoch, core.selfId, message.from());
        }
    }

    /**
     * New entries were appended to the log: they go to every replicating peer with the next
     * Ready, so that all the proposals of one step ride in one append per peer.
     */
    void proposed() {
        appendWanted = true;
        maybeCommit();
    }

    /**
     * The leader's own log became durable further: commit if a quorum now has it, and where the
     * leader and one follower are a quorum, tell the voters, so that a follower that has persisted
     * the same entries commits them without waiting for this leader to hear its acknowledgement.
     */
    void persisted() {
        maybeCommit();
        if (core.config.pairIsQuorum() && core.persistedZxid > durableAnnounced
                && core.persistedZxid >= Zxid.of(core.epoch, 0)) {
            durableAnnounced = core.persistedZxid;
            durableChanged = true;
        }
    }

    void peerDisconnected(int peer) {
        Progress progress = peers.get(peer);
        if (progress != null) {
            progress.inTouch = false;
            if (progress.state != Progress.State.SNAPSHOT) {
                progress.becomeProbe(progress.matchZxid);
            }
        }
    }

    void readIndex(int from, long requestId) {
        if (!core.serving()) {
            readsBeforeServing.add(new PendingRead(from, requestId, 0, 0));
            return;
        }
        if (core.config.voters().size() == 1) {
            release(new PendingRead(from, requestId, core.committedZxid, 0)); // a single voter is its own quorum
            return;
        }
        // Where a follower may commit before this leader hears of it (pairIsQuorum), a write may be
        // answered by a follower at a zxid above this leader's commit point: the read then waits for
        // everything this leader has proposed, which holds every entry committed anywhere so far.
        long readZxid = core.config.pairIsQuorum() ? core.log.lastZxid() : core.committedZxid;
        reads.addLast(new PendingRead(from, requestId, readZxid, heartbeatSeq + 1));
        heartbeatWanted = true;
    }

    /** True when the next Ready has heartbeats or commit notices to send. */
    boolean hasFlush() {
        return heartbeatWanted || (appendWanted || commitChanged || durableChanged) && !peers.isEmpty();
    }

    /** Called by the core before it builds a Ready: heartbeats and commit notices go out once per Ready. */
    void flush() {
        if (appendWanted) {
            appendWanted = false;
            for (Progress progress : peers.values()) {
                if (progress.state == Progress.State.REPLICATE) {
                    sendAppend(progress);
                }
            }
        }
        if (heartbeatWanted) {
            heartbeatWanted = false;
            heartbeatSeq++;
            for (Progress progress : peers.values()) {
                core.out.now(new PeerMessage.Heartbeat(core.selfId, progress.id, core.epoch, core.committedZxid,
                        heartbeatSeq));
            }
            commitChanged = false;
            releaseReads();
        }
        if (commitChanged || durableChanged) {
            for (Progress progress : peers.values()) {
                if (commitChanged || progress.voter) {
                    core.out.now(new PeerMessage.Commit(core.selfId, progress.id, core.epoch, core.committedZxid,
                            durableAnnounced));
                }
            }
            commitChanged = false;
            durableChanged = false;
        }
    }

    // ---- replication --------------------------------------------------------------------------

    private void appendReply(Progress progress, PeerMessage.AppendReply reply) {
        if (progress == null) {
            return;
        }
        if (reply.ok()) {
            acknowledged(progress, reply.lastZxid());
        } else if (reply.prevZxid() >= 0) {
            refused(progress, reply);
        }
        sendAppend(progress);
    }

    private void acknowledged(Progress progress, long zxid) {
        progress.acked(zxid);
        if (zxid > progress.matchZxid) {
            progress.matchZxid = zxid;
            progress.stalledTicks = 0;
        }
        if (progress.state == Progress.State.PROBE
                || progress.state == Progress.State.SNAPSHOT && zxid >= progress.snapshotZxid) {
            // The peer's log agrees with ours up to its match: pipeline from there on.
            progress.nextPrevZxid = progress.matchZxid;
            progress.becomeReplicate();
        }
        if (progress.voter) {
            maybeCommit();
        }
    }

    /** The peer does not hold prevZxid: probe from the largest zxid we hold at or below its hint. */
    private void refused(Progress progress, PeerMessage.AppendReply reply) {
        boolean stale = progress.state == Progress.State.PROBE ? reply.prevZxid() != progress.nextPrevZxid
                : progress.state == Progress.State.SNAPSHOT || reply.prevZxid() <= progress.matchZxid;
        if (stale) {
            return;
        }
        long prev = core.log.lastAtOrBefore(Math.min(reply.hintZxid(), reply.prevZxid() - 1));
        progress.becomeProbe(prev < 0 ? -1 : prev);
    }

    /** Sends the peer what it lacks, as far as its state and the in-flight bound allow. */
    private void sendAppend(Progress progress) {
        if (progress.state == Progress.State.SNAPSHOT || progress.state == Progress.State.PROBE && progress.probeSent) {
            return;
        }
        if (progress.nextPrevZxid < 0 || !core.log.holds(progress.nextPrevZxid)) {
            progress.becomeSnapshot(core.appliedZxid);
            core.out.snapshot(progress.id);
            return;
        }
        do {
            List<TxnEntry> entries = progress.nextPrevZxid == core.log.lastZxid()
                    || progress.state == Progress.State.PROBE && progress.probeResend ? List.of()
                    : core.log.after(progress.nextPrevZxid, core.config.appendBytesMax());
            if (entries.isEmpty() && progress.state == Progress.State.REPLICATE) {
                return; // nothing new: heartbeats carry the commit point
            }
            core.out.now(new PeerMessage.Append(core.selfId, progress.id, core.epoch, progress.nextPrevZxid, entries,
                    core.committedZxid));
            if (progress.state == Progress.State.PROBE) {
                progress.probeSent = true;
                progress.probeTicks = 0;
                progress.probeSeq = heartbeatSeq; // this tick's heartbeat, if any, follows it
                return;
            }
            long last = entries.get(entries.size() - 1).zxid();
            progress.sent(last, bytesOf(entries));
            progress.nextPrevZxid = last;
        } while (progress.inflightBytes < core.config.inflightBytesMax());
    }

    private static long bytesOf(List<TxnEntry> entries) {
        long bytes = 0;
        for (TxnEntry entry : entries) {
            bytes += EntryLog.approximateBytes(entry);
        }
        return bytes;
    }

    /** Commits the largest zxid of this epoch that a quorum of voters has persisted. */
    void maybeCommit() {
        long quorumZxid = Math.min(quorumAcked(), core.log.lastZxid());
        if (quorumZxid <= core.committedZxid || quorumZxid < Zxid.of(core.epoch, 0)) {
            return; // entries of earlier epochs commit only under this epoch's marker
        }
        boolean wasServing = core.serving();
        core.committedZxid = core.log.lastAtOrBefore(quorumZxid);
        commitChanged = true;
        if (!wasServing && core.serving()) {
            for (PendingRead read : readsBeforeServing) {
                readIndex(read.from(), read.requestId());
            }
            readsBeforeServing.clear();
        }
    }

    /**
     * The largest zxid a quorum of voters has persisted: the voters' acknowledged zxids, sorted,
     * read at the majority position. Allocation-free (a scratch array), since it runs for every
     * acknowledgement and proposal.
     */
    private long quorumAcked() {
        int n = 0;
        if (core.config.selfIsVoter()) {
            ackScratch[n++] = core.persistedZxid;
        }
        for (Progress progress : peers.values()) {
            if (progress.voter) {
                ackScratch[n++] = progress.matchZxid;
            }
        }
        java.util.Arrays.sort(ackScratch, 0, n);
        int voters = core.config.voters().size();
        if (core.faults.commitAtMinority()) {
            return n < 2 ? ackScratch[n - 1] : ackScratch[n - 2]; // the planted bug: any two voters
        }
        // Voters that are not peers of this node (none) would count as 0; n equals voters here.
        return ackScratch[n - Quorum.majority(voters)];
    }

    // ---- heartbeats and read indexes -------------------------------------------------------------

    private void heartbeatReply(Progress progress, PeerMessage.HeartbeatReply reply) {
        if (progress == null) {
            return;
        }
        progress.ackedSeq = Math.max(progress.ackedSeq, reply.seq());
        if (progress.matchZxid < core.log.lastZxid() && progress.state == Progress.State.PROBE) {
            sendAppend(progress);
        }
        releaseReads();
    }

    private void releaseReads() {
        if (reads.isEmpty()) {
            return;
        }
        Map<Integer, Long> acked = new HashMap<>();
        acked.put(core.selfId, heartbeatSeq);
        for (Progress progress : peers.values()) {
            if (progress.voter) {
                acked.put(progress.id, progress.ackedSeq);
            }
        }
        long confirmedSeq = Quorum.committedZxid(acked, core.config.voters());
        while (!reads.isEmpty() && reads.peekFirst().seq() <= confirmedSeq) {
            release(reads.pollFirst());
        }
    }

    private void release(PendingRead read) {
        if (read.from() == core.selfId) {
            core.out.readState(read.requestId(), read.readZxid());
        } else {
            core.out.now(new PeerMessage.ReadIndexReply(core.selfId, read.from(), core.epoch, read.requestId(),
                    read.readZxid()));
        }
    }

    /**
     * The zxid after which the log keeps entries beyond its txn window (Long.MAX_VALUE for no
     * hold): the lowest of what the peers in touch may be sent next, so that a peer that is only
     * behind (appends in flight, a slow disk, a pause, a CPU-starved process silent for several
     * check-quorum rounds, a probe after a stall) never needs a snapshot, however small the
     * window. A peer is in touch from the first message it sends in this epoch until the
     * transport reports its connection lost: a crashed peer restarts from its own disk and, if
     * the window no longer covers it, gets a snapshot. A peer installing a snapshot keeps what
     * follows the snapshot's zxid: a snapshot that is stale on arrival would only be followed by
     * another. The log's byte bound caps every hold, so a peer silent for good pins at most that.
     */
    long heldAfter() {
        long lowest = Long.MAX_VALUE;
        for (Progress progress : peers.values()) {
            if (progress.state == Progress.State.SNAPSHOT) {
                lowest = Math.min(lowest, progress.snapshotZxid);
            } else if (progress.inTouch) {
                lowest = Math.min(lowest, Math.min(progress.matchZxid, Math.max(progress.nextPrevZxid, 0)));
            }
        }
        return lowest;
    }

    private boolean quorumActive() {
        int active = core.config.selfIsVoter() ? 1 : 0;
        for (Progress progress : peers.values()) {
            if (progress.voter && progress.recentActive) {
                active++;
            }
        }
        return active >= Quorum.majority(core.config.voters().size());
    }

    List<ReplicaCore.PeerStatus> peerStatus() {
        List<ReplicaCore.PeerStatus> status = new ArrayList<>();
        for (Progress progress : peers.values()) {
            status.add(new ReplicaCore.PeerStatus(progress.id, progress.voter, progress.matchZxid,
                    progress.recentActive, progress.state.name()));
        }
        return status;
    }
}
