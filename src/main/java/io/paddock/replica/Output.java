package io.paddock.replica;

import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.model.Applied;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates what a {@link Replica} produces between two {@link Replica#ready()} calls,
 * merging the consensus core's Readies in order ({@link PersistWork}'s rule for what to
 * persist), messages in order. Confined to the replica's thread.
 */
final class Output {
    /** Election state, truncation, installed snapshot, entries and acks merged by {@link PersistWork}'s rule. */
    PersistWork persist = new PersistWork();
    List<PeerMessage> messages = new ArrayList<>();
    List<Applied> applied = new ArrayList<>();
    List<ReplicaReady.Rejected> rejected = new ArrayList<>();
    List<ReplicaReady.SyncDone> syncsDone = new ArrayList<>();
    List<ReplicaReady.SnapshotSend> snapshots = new ArrayList<>();

    void merge(Ready ready) {
        persist.merge(ready);
        messages.addAll(ready.messagesNow());
    }

    boolean hasAny() {
        return persist.hasWork() || !persist.afterPersist().isEmpty() || !messages.isEmpty() || !applied.isEmpty()
                || !rejected.isEmpty() || !syncsDone.isEmpty() || !snapshots.isEmpty();
    }

    ReplicaReady take(ReplicaReady.Status status, DataTree tree) {
        DataTree installed = persist.snapshot();
        ReplicaReady ready = new ReplicaReady(persist.election(), persist.truncateAfterZxid(), installed,
                taken(persist.entries()), taken(messages), taken(persist.afterPersist()), taken(applied),
                applied.isEmpty() && installed == null ? null : tree, taken(rejected), taken(syncsDone),
                taken(snapshots), status, persist.seq());
        persist = new PersistWork();
        if (!messages.isEmpty()) messages = new ArrayList<>();
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
