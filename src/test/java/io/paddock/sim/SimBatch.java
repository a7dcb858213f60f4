package io.paddock.sim;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.model.TxnEntry;
import io.paddock.replica.ReplicaReady;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated persist job, merged from Readies exactly as the node's PersistBatch merges
 * them, and written to a {@link SimNode}'s durable state in the node's order: an installed
 * snapshot (then the log starts over), the election state, a truncation, the appends.
 */
final class SimBatch {
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

    boolean hasWork() {
        return election != null || truncateAfterZxid >= 0 || snapshot != null || !entries.isEmpty();
    }

    /** The whole job reached the disk and was synced; returns the log's last zxid. */
    long writeTo(SimNode node) {
        writePrefix(node, entries.size(), true);
        return node.durableLastZxid();
    }

    /**
     * A crash while the job was being written: a random prefix of its writes reached the disk
     * (the election file is replaced atomically: all of it or none).
     */
    void tornWrite(SimNode node, SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return; // nothing reached the disk
        }
        writePrefix(node, random.nextInt(entries.size() + 1), random.nextBoolean());
    }

    private void writePrefix(SimNode node, int entryCount, boolean vote) {
        if (snapshot != null) {
            node.durableSnapshots.add(snapshot);
            node.durableLog.clear();
        }
        if (vote && election != null) {
            node.durableVote = election;
        }
        if (truncateAfterZxid >= 0) {
            node.durableLog.removeIf(entry -> entry.zxid() > truncateAfterZxid);
        }
        for (int i = 0; i < entryCount; i++) {
            TxnEntry entry = entries.get(i);
            long last = node.durableLog.isEmpty() ? -1 : node.durableLog.get(node.durableLog.size() - 1).zxid();
            if (last >= entry.zxid()) {
                throw new IllegalStateException("node " + node.id + " appends 0x" + Long.toHexString(entry.zxid())
                        + " after 0x" + Long.toHexString(node.durableLastZxid()));
            }
            node.durableLog.add(entry);
        }
    }
}
