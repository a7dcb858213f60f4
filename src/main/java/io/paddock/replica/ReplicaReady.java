package io.paddock.replica;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.model.Applied;
import io.paddock.model.TxnEntry;
import io.paddock.tree.DataTree;
import java.util.List;

/**
 * What the shell must do after feeding a {@link Replica} (the consensus core's
 * {@link io.paddock.consensus.Ready}, plus what the tree and the sessions produced), in this
 * order: persist ({@code electionState}; {@code truncateAfterZxid}; {@code snapshotInstalled}
 * — write that tree as a snapshot and start the log over after its zxid; then
 * {@code entriesToPersist}) and report the synced zxid with {@link Replica#persisted}, with
 * {@code persistSeq} of the last Ready the write covers ({@link PersistWork#seq}); send
 * {@code messagesNow}; send {@code messagesAfterPersist} once everything persisted so far is
 * durable; deliver {@code applied} (with {@code tree}, the tree after them; null when unchanged)
 * to the sessions; answer {@code rejected} writes and {@code syncsDone}; stream a snapshot to
 * each of {@code snapshotsToSend}; publish {@code status} when non-null (it changed).
 *
 * <p>Lists are owned by the Ready and never mutated.
 */
public record ReplicaReady(ElectionState electionState, long truncateAfterZxid, DataTree snapshotInstalled,
                           List<TxnEntry> entriesToPersist, List<PeerMessage> messagesNow,
                           List<PeerMessage> messagesAfterPersist, List<Applied> applied, DataTree tree,
                           List<Rejected> rejected, List<SyncDone> syncsDone, List<SnapshotSend> snapshotsToSend,
                           Status status, long persistSeq) {

    /** A local write that will not be applied: answer its client {@code err}. */
    public record Rejected(long sessionId, int cxid, int err) {}

    /** A local sync that may be answered now: this node has applied everything committed when it was asked. */
    public record SyncDone(long sessionId, int cxid, long zxid) {}

    /** A snapshot of {@code tree} (this node's applied state) for the follower {@code to}, of epoch {@code epoch}. */
    public record SnapshotSend(int to, long epoch, DataTree tree) {}

    /**
     * The node's place in the ensemble: its role, the leader it follows (0: none), its epoch, and
     * whether it serves clients now (a leader whose NEWLEADER is committed, or a follower or
     * observer that has applied its leader's NEWLEADER).
     */
    public record Status(io.paddock.consensus.Role role, int leaderId, long epoch, boolean serving) {}

    /** The zxid after which this Ready drops log entries (truncation or snapshot install, the lower), or -1. */
    public long dropsAfterZxid() {
        long snapshotZxid = snapshotInstalled == null ? -1 : snapshotInstalled.lastZxid();
        if (truncateAfterZxid < 0 || snapshotZxid < 0) {
            return Math.max(truncateAfterZxid, snapshotZxid);
        }
        return Math.min(truncateAfterZxid, snapshotZxid);
    }

    public boolean mustPersist() {
        return electionState != null || truncateAfterZxid >= 0 || snapshotInstalled != null
                || !entriesToPersist.isEmpty();
    }
}
