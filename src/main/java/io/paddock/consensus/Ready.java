package io.paddock.consensus;

import io.paddock.model.TxnEntry;
import java.util.List;

/**
 * What the shell must do next (etcd's Ready contract), in this order:
 * <ol>
 * <li>persist: the {@code electionState} when non-null; drop every log entry after
 *     {@code truncateAfterZxid} when it is not -1 (a TRUNC), or, when
 *     {@code snapshotInstalledZxid} is not -1, make the snapshot at that zxid durable and
 *     start the log over after it; then append {@code entriesToPersist} and sync. Report the
 *     last synced zxid with {@link ReplicaCore#persisted}, with the {@code seq} of the last
 *     Ready the write covers;
 * <li>send {@code messagesNow} at once;
 * <li>send {@code messagesAfterPersist} only after everything handed out for persisting up to
 *     and including this Ready is durable (acks and votes promise durable state);
 * <li>apply {@code entriesToApply} in order (committed; possibly not yet persisted locally,
 *     which is safe because a quorum holds them);
 * <li>answer the syncs in {@code readStates} once applied up to their zxid; send a snapshot of
 *     the applied state to each peer in {@code snapshotsToSend}.
 * </ol>
 * Lists are owned by the Ready and never mutated.
 *
 * <p>One rule spans Readies: an acknowledgement promises that the entries up to its zxid are
 * durable, so when a later Ready truncates after T (or installs a snapshot at T), every
 * acknowledgement of an earlier Ready that has not left yet and acknowledges beyond T must be
 * dropped ({@link #dropAcksBeyond}): those entries will never be written.
 *
 * <p>{@code seq} numbers the core's Readies from 1. A write handed out before a later Ready cut
 * the log (a truncation or a snapshot install) reports zxids that the log may no longer hold, or
 * holds again only in memory: the core ignores such a report, and takes the next one.
 */
public record Ready(ElectionState electionState, long truncateAfterZxid, long snapshotInstalledZxid,
                    List<TxnEntry> entriesToPersist, List<PeerMessage> messagesNow,
                    List<PeerMessage> messagesAfterPersist, List<TxnEntry> entriesToApply,
                    List<ReadState> readStates, List<Integer> snapshotsToSend, long seq) {

    /** A sync that may be answered once the node has applied up to {@code readZxid}. */
    public record ReadState(long requestId, long readZxid) {}

    /** Removes from {@code waiting} every acknowledgement of entries after {@code zxid}. */
    public static void dropAcksBeyond(List<PeerMessage> waiting, long zxid) {
        waiting.removeIf(message -> message instanceof PeerMessage.AppendReply ack && ack.ok() && ack.lastZxid() > zxid);
    }

    /** The zxid after which this Ready drops entries (truncation or snapshot install), or -1. */
    public long dropsAfterZxid() {
        return snapshotInstalledZxid >= 0 ? snapshotInstalledZxid : truncateAfterZxid;
    }

    /** True when persisting this Ready needs a write (a job for the storage worker). */
    public boolean mustPersist() {
        return electionState != null || truncateAfterZxid >= 0 || snapshotInstalledZxid >= 0
                || !entriesToPersist.isEmpty();
    }
}
