package io.paddock.consensus;

import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.TxnEntry;
import java.util.List;

/**
 * Every message one node sends another, as immutable records: the election's vote requests
 * and replies, the leader's appends (broadcast and the DIFF/TRUNC of a sync are the same
 * message), heartbeats, the ReadIndex round of a linearizable sync, and the replica's own
 * traffic (writes forwarded to the leader, their rejections, session liveness). Bytes live in
 * {@code wire.peer}; here they are values.
 *
 * <p>Every message carries its sender, its addressee and the sender's epoch; a receiver that
 * sees a higher epoch adopts it first (see {@link ReplicaCore#step}). Lists and arrays are
 * owned by the message and never mutated after construction.
 */
public sealed interface PeerMessage {
    int from();

    int to();

    long epoch();

    /**
     * A candidate asks for a vote in {@code epoch}; with {@code preVote} it only asks whether
     * the voter would vote (nothing changes on either side, and {@code epoch} is the epoch it
     * would campaign in). {@code lastZxid} is the candidate's last logged zxid.
     */
    record VoteRequest(int from, int to, long epoch, long lastZxid, boolean preVote) implements PeerMessage {}

    /** The answer to a {@link VoteRequest}: {@code epoch} is the request's when granted, the voter's otherwise. */
    record VoteReply(int from, int to, long epoch, boolean granted, boolean preVote) implements PeerMessage {}

    /**
     * The leader's log after {@code prevZxid}: the receiver keeps its own log up to
     * {@code prevZxid} (it must hold it, or everything up to it is committed on the receiver),
     * drops anything after it that differs (a TRUNC) and appends {@code entries} (a DIFF, or
     * broadcast of new proposals). {@code commitZxid} is the leader's commit point.
     */
    record Append(int from, int to, long epoch, long prevZxid, List<TxnEntry> entries, long commitZxid)
            implements PeerMessage {}

    /**
     * The answer to an {@link Append}, sent only once the receiver has persisted what it
     * accepted: {@code ok} with the last zxid it now shares with the leader, or a refusal
     * ({@code prevZxid} not in its log) with {@code hintZxid}, the receiver's largest zxid at
     * or below {@code prevZxid}. {@code prevZxid} echoes the append's, so stale refusals can be
     * told apart.
     */
    record AppendReply(int from, int to, long epoch, boolean ok, long lastZxid, long prevZxid, long hintZxid)
            implements PeerMessage {}

    /**
     * The leader's liveness and commit point, every tick. {@code seq} numbers the leader's
     * heartbeat rounds in this epoch; a quorum acknowledging round {@code seq} proves it was
     * still leader when the round started (ReadIndex).
     */
    record Heartbeat(int from, int to, long epoch, long commitZxid, long seq) implements PeerMessage {}

    record HeartbeatReply(int from, int to, long epoch, long seq) implements PeerMessage {}

    /**
     * A new commit point, sent at once when the commit advances (heartbeats carry it too), and
     * {@code durableZxid}, the leader's own log durable up to there, sent at once when that
     * advances in a cluster where the leader and one follower are a quorum (see
     * {@link CoreConfig#pairIsQuorum}).
     */
    record Commit(int from, int to, long epoch, long commitZxid, long durableZxid) implements PeerMessage {}

    /** A follower asks the leader for a read index (a linearizable sync); {@code requestId} is the follower's. */
    record ReadIndexRequest(int from, int to, long epoch, long requestId) implements PeerMessage {}

    /** The leader's answer: once applied up to {@code readZxid}, the follower may answer the sync. */
    record ReadIndexReply(int from, int to, long epoch, long requestId, long readZxid) implements PeerMessage {}

    /**
     * A client write a follower or observer passes to the leader: the session and client xid it
     * came from, the request and the caller's identities (for ACL checks and auth-scheme ACLs).
     * {@code seq} numbers the sender's forwards in this epoch from 0, and {@code incarnation}
     * names the sender's run (a restart starts a new stream): the leader plans them in exactly
     * that order, once each, whatever the network lost, duplicated or reordered.
     */
    record ForwardWrite(int from, int to, long epoch, long incarnation, long seq, long sessionId, int cxid,
                        Request request, List<Id> authIds) implements PeerMessage {}

    /**
     * The leader received forward {@code seq} while expecting {@code expectedSeq} from the
     * sender's stream {@code incarnation}: the sender sends again from {@code expectedSeq}.
     */
    record ForwardGap(int from, int to, long epoch, long incarnation, long expectedSeq) implements PeerMessage {}

    /** The leader could not take a forwarded write (e.g. its log has no disk space): answer {@code err}. */
    record ForwardRejected(int from, int to, long epoch, long sessionId, int cxid, int err) implements PeerMessage {}

    /** Sessions with traffic on the sender since its last ping: the leader renews their timeouts. */
    record SessionPing(int from, int to, long epoch, long[] sessionIds) implements PeerMessage {}
}
