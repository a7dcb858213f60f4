package io.paddock.node;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.model.TxnEntry;
import io.paddock.replica.ReplicaReady;
import io.paddock.storage.LogStore;
import io.paddock.tree.DataTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one persist job writes: the newest election state, a snapshot installed from the leader
 * (after which the log starts over), a truncation, and the entries to append; and the messages
 * that may leave only once all of it is durable. Readies merge into the open batch in order
 * (a later truncation drops the earlier entries it covers; a snapshot supersedes everything
 * before it).
 *
 * <p>Built on the event loop; {@link #write} runs on the storage worker, after which the batch
 * is only read again on the event loop.
 */
final class PersistBatch {
    ElectionState election;
    long truncateAfterZxid = -1;
    DataTree snapshot;
    final List<TxnEntry> entries = new ArrayList<>();
    final List<PeerMessage> afterPersist = new ArrayList<>();

    void merge(ReplicaReady ready) {
        if (ready.electionState() != null) {
            election = ready.electionState();
        }
        if (ready.snapshotInstalled() != null) {
            snapshot = ready.snapshotInstalled();
            entries.clear();
            truncateAfterZxid = -1;
        }
        long truncate = ready.truncateAfterZxid();
        if (truncate >= 0) {
            entries.removeIf(entry -> entry.zxid() > truncate);
            truncateAfterZxid = truncateAfterZxid < 0 ? truncate : Math.min(truncateAfterZxid, truncate);
        }
        long drops = ready.snapshotInstalled() != null ? ready.snapshotInstalled().lastZxid() : truncate;
        if (drops >= 0) {
            io.paddock.consensus.Ready.dropAcksBeyond(afterPersist, drops);
        }
        entries.addAll(ready.entriesToPersist());
        afterPersist.addAll(ready.messagesAfterPersist());
    }

    /** True when there is something to write (the election state is written by the election verticle). */
    boolean hasWork() {
        return election != null || truncateAfterZxid >= 0 || snapshot != null || !entries.isEmpty();
    }

    /** Worker: snapshot (durable before the log is dropped), truncation, append and sync. Returns the last zxid. */
    long write(LogStore log, SnapshotWriter snapshots) throws IOException {
        if (snapshot != null) {
            snapshots.write(snapshot);
            log.truncateAfter(0);
        }
        if (truncateAfterZxid >= 0) {
            log.truncateAfter(truncateAfterZxid);
        }
        return entries.isEmpty() ? log.lastZxid() : log.appendAndSync(entries);
    }
}
