package io.paddock.replica;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.model.Applied;
import io.paddock.model.TxnEntry;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates what a {@link Replica} produces between two {@link Replica#ready()} calls,
 * merging the consensus core's Readies in order: a later truncation drops the earlier entries
 * it covers, an installed snapshot supersedes everything persisted before it, messages keep
 * their order. Confined to the replica's thread.
 */
final class Output {
    ElectionState electionState;
    long truncateAfterZxid = -1;
    DataTree snapshotInstalled;
    List<TxnEntry> entries = new ArrayList<>();
    List<PeerMessage> messages = new ArrayList<>();
    List<PeerMessage> afterPersist = new ArrayList<>();
    List<Applied> applied = new ArrayList<>();
    List<ReplicaReady.Rejected> rejected = new ArrayList<>();
    List<ReplicaReady.SyncDone> syncsDone = new ArrayList<>();
    List<ReplicaReady.SnapshotSend> snapshots = new ArrayList<>();

    void merge(Ready ready) {
        if (ready.electionState() != null) {
            electionState = ready.electionState();
        }
        if (ready.snapshotInstalledZxid() >= 0) {
            entries.clear();
            truncateAfterZxid = -1;
        }
        long truncate = ready.truncateAfterZxid();
        if (truncate >= 0) {
            entries.removeIf(entry -> entry.zxid() > truncate);
            truncateAfterZxid = truncateAfterZxid < 0 ? truncate : Math.min(truncateAfterZxid, truncate);
        }
        if (ready.dropsAfterZxid() >= 0) {
            Ready.dropAcksBeyond(afterPersist, ready.dropsAfterZxid());
        }
        entries.addAll(ready.entriesToPersist());
        messages.addAll(ready.messagesNow());
        afterPersist.addAll(ready.messagesAfterPersist());
    }

    boolean hasAny() {
        return electionState != null || truncateAfterZxid >= 0 || snapshotInstalled != null || !entries.isEmpty()
                || !messages.isEmpty() || !afterPersist.isEmpty() || !applied.isEmpty() || !rejected.isEmpty()
                || !syncsDone.isEmpty() || !snapshots.isEmpty();
    }

    ReplicaReady take(ReplicaReady.Status status, DataTree tree) {
        ReplicaReady ready = new ReplicaReady(electionState, truncateAfterZxid, snapshotInstalled, taken(entries),
                taken(messages), taken(afterPersist), taken(applied),
                applied.isEmpty() && snapshotInstalled == null ? null : tree, taken(rejected), taken(syncsDone),
                taken(snapshots), status);
        electionState = null;
        truncateAfterZxid = -1;
        snapshotInstalled = null;
        if (!entries.isEmpty()) entries = new ArrayList<>();
        if (!messages.isEmpty()) messages = new ArrayList<>();
        if (!afterPersist.isEmpty()) afterPersist = new ArrayList<>();
        if (!applied.isEmpty()) applied = new ArrayList<>();
        if (!rejected.isEmpty()) rejected = new ArrayList<>();
        if (!syncsDone.isEmpty()) syncsDone = new ArrayList<>();
        if (!snapshots.isEmpty()) snapshots = new ArrayList<>();
        return ready;
    }

    /** The list itself when it has elements (it is replaced after), an immutable empty one otherwise. */
    private static <T> List<T> taken(List<T> list) {
        return list.isEmpty() ? List.of() : list;
    }
}
