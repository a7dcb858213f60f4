package io.paddock.replica;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.model.TxnEntry;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.List;

/**
 * What one persist job writes, merged from consecutive Readies by the one rule every shell
 * (the node's replication verticle, the simulator) and the replica's own output follow: the
 * newest election state wins; a truncation after T drops the merged entries past T and the
 * acknowledgements beyond T waiting for the disk ({@link Ready#dropAcksBeyond}); an installed
 * snapshot supersedes every entry and truncation merged before it (the log starts over after
 * its zxid) and drops the acknowledgements beyond that zxid; entries and messages keep their
 * order. Written, in the job, as: snapshot (durable before the log is dropped), election state,
 * truncation, then the appends and one sync.
 *
 * <p>Confined to one thread (built on the event loop; read by the storage worker only after the
 * job was handed to it, and what it writes not changed after: only its acknowledgements, which
 * the worker never reads, may still be dropped by {@link #cutBy}).
 */
public final class PersistWork {
    private ElectionState election;
    private long truncateAfterZxid = -1;
    private DataTree snapshot;
    private final List<TxnEntry> entries = new ArrayList<>();
    private final List<PeerMessage> afterPersist = new ArrayList<>();
    /** The seq of the last core Ready merged (what the write's report names). */
    private long seq;

    /** Merges a replica's Ready. */
    public void merge(ReplicaReady ready) {
        DataTree installed = ready.snapshotInstalled();
        merge(ready.electionState(), ready.truncateAfterZxid(), installed == null ? -1 : installed.lastZxid(), installed,
                ready.entriesToPersist(), ready.messagesAfterPersist());
        seq = Math.max(seq, ready.persistSeq());
    }

    /** Merges a consensus core's Ready; the installed snapshot's tree, if any, is set by the replica. */
    void merge(Ready ready) {
        merge(ready.electionState(), ready.truncateAfterZxid(), ready.snapshotInstalledZxid(), null,
                ready.entriesToPersist(), ready.messagesAfterPersist());
        seq = Math.max(seq, ready.seq());
    }

    private void merge(ElectionState state, long truncate, long snapshotZxid, DataTree snapshotTree,
                       List<TxnEntry> newEntries, List<PeerMessage> newAfterPersist) {
        if (state != null) {
            election = state;
        }
        if (snapshotZxid >= 0) {
            entries.clear();
            truncateAfterZxid = -1;
            Ready.dropAcksBeyond(afterPersist, snapshotZxid);
            if (snapshotTree != null) {
                snapshot = snapshotTree;
            }
        }
        if (truncate >= 0) {
            entries.removeIf(entry -> entry.zxid() > truncate);
            truncateAfterZxid = truncateAfterZxid < 0 ? truncate : Math.min(truncateAfterZxid, truncate);
            Ready.dropAcksBeyond(afterPersist, truncate);
        }
        entries.addAll(newEntries);
        afterPersist.addAll(newAfterPersist);
    }

    /**
     * A later Ready cuts the log while this work is being written: this work's acknowledgements
     * beyond the cut would leave when its write is done, promising entries that the next write
     * drops, so they are dropped now (the acknowledgements of the work that carries the cut
     * follow).
     */
    public void cutBy(ReplicaReady later) {
        long cut = later.dropsAfterZxid();
        if (cut >= 0) {
            Ready.dropAcksBeyond(afterPersist, cut);
        }
    }

    /** A snapshot from the leader replaced the tree: it is persisted first, and the log starts over after it. */
    void installed(DataTree tree) {
        snapshot = tree;
        entries.clear();
        truncateAfterZxid = -1;
    }

    /** The shell could not write its batch (no disk space): the entries merged since go too. */
    void dropEntries() {
        entries.clear();
    }

    /** True when there is something to write; only messages waiting for earlier writes otherwise. */
    public boolean hasWork() {
        return election != null || truncateAfterZxid >= 0 || snapshot != null || !entries.isEmpty();
    }

    public ElectionState election() {
        return election;
    }

    public long truncateAfterZxid() {
        return truncateAfterZxid;
    }

    public DataTree snapshot() {
        return snapshot;
    }

    public List<TxnEntry> entries() {
        return entries;
    }

    public List<PeerMessage> afterPersist() {
        return afterPersist;
    }

    /** The seq of the last consensus Ready merged: report the write with it ({@code Replica.persisted}). */
    public long seq() {
        return seq;
    }
}
