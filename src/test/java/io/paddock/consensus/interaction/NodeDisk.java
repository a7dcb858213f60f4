package io.paddock.consensus.interaction;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's in-memory disk: the durable state (election state, the snapshot the log starts
 * after, the log) and one open write that Readies merge into, exactly as the node's
 * PersistBatch merges them (a later truncation drops the earlier entries it covers and, with
 * {@link Ready#dropAcksBeyond}, the acknowledgements of them; an installed snapshot supersedes
 * everything before it). {@link #write} makes the open write durable in the node's order:
 * snapshot, election state, truncation, appends; a crash ({@link #lose}) forgets it.
 *
 * <p>Single-threaded (the test's). Invariants: durable log zxids strictly increase and all lie
 * above {@code snapshotZxid}; {@code waiting} holds the messages that may leave only once the
 * open write is durable.
 */
final class NodeDisk {
    // durable
    ElectionState vote = ElectionState.INITIAL;
    long snapshotZxid;
    final List<TxnEntry> log = new ArrayList<>();

    // the open write
    private ElectionState pendingVote;
    private long pendingTruncateAfter = -1;
    private long pendingSnapshot = -1;
    private final List<TxnEntry> pendingEntries = new ArrayList<>();
    private final List<PeerMessage> waiting = new ArrayList<>();

    /** What one {@link #write} did, for the script, and the messages it releases. */
    record Written(List<String> lines, long lastZxid, List<PeerMessage> released) {}

    /** Merges a Ready into the open write; returns the waiting acknowledgements it dropped. */
    List<PeerMessage> merge(Ready ready) {
        if (ready.electionState() != null) {
            pendingVote = ready.electionState();
        }
        if (ready.snapshotInstalledZxid() >= 0) {
            pendingSnapshot = ready.snapshotInstalledZxid();
            pendingEntries.clear();
            pendingTruncateAfter = -1;
        }
        long truncate = ready.truncateAfterZxid();
        if (truncate >= 0) {
            pendingEntries.removeIf(entry -> entry.zxid() > truncate);
            pendingTruncateAfter = pendingTruncateAfter < 0 ? truncate : Math.min(pendingTruncateAfter, truncate);
        }
        List<PeerMessage> dropped = new ArrayList<>();
        if (ready.dropsAfterZxid() >= 0) {
            List<PeerMessage> before = new ArrayList<>(waiting);
            Ready.dropAcksBeyond(waiting, ready.dropsAfterZxid());
            before.removeAll(waiting);
            dropped.addAll(before);
        }
        pendingEntries.addAll(ready.entriesToPersist());
        waiting.addAll(ready.messagesAfterPersist());
        return dropped;
    }

    /** True when the open write has something to write (not just messages waiting). */
    boolean hasWork() {
        return pendingVote != null || pendingTruncateAfter >= 0 || pendingSnapshot >= 0 || !pendingEntries.isEmpty();
    }

    boolean hasPending() {
        return hasWork() || !waiting.isEmpty();
    }

    /** With nothing to write, the waiting messages promise only what is durable already: they may leave. */
    List<PeerMessage> releaseIfNothingToWrite() {
        if (hasWork()) {
            return List.of();
        }
        List<PeerMessage> released = new ArrayList<>(waiting);
        waiting.clear();
        return released;
    }

    /** Makes the open write durable and starts a new one. */
    Written write() {
        List<String> lines = new ArrayList<>();
        if (pendingSnapshot >= 0) {
            snapshotZxid = pendingSnapshot;
            log.clear();
            lines.add("Snapshot: " + Render.zxid(pendingSnapshot) + " (the log starts over after it)");
        }
        if (pendingVote != null) {
            vote = pendingVote;
            lines.add("ElectionState: epoch=" + vote.epoch() + " votedFor=" + vote.votedFor());
        }
        if (pendingTruncateAfter >= 0) {
            long after = pendingTruncateAfter;
            log.removeIf(entry -> entry.zxid() > after);
            lines.add("TruncateAfter: " + Render.zxid(after));
        }
        for (TxnEntry entry : pendingEntries) {
            if (entry.zxid() <= lastZxid()) {
                throw new AssertionError("disk: append of " + Render.zxid(entry.zxid()) + " after " + Render.zxid(lastZxid()));
            }
            log.add(entry);
        }
        if (!pendingEntries.isEmpty()) {
            lines.add("Append: " + Render.entries(pendingEntries));
        }
        lines.add("Durable: " + describe());
        List<PeerMessage> released = new ArrayList<>(waiting);
        clearPending();
        return new Written(lines, lastZxid(), released);
    }

    /** A crash: the open write never reaches the disk. Returns what was lost, for the script. */
    List<String> lose() {
        List<String> lost = new ArrayList<>();
        if (pendingVote != null) {
            lost.add("ElectionState: epoch=" + pendingVote.epoch() + " votedFor=" + pendingVote.votedFor());
        }
        if (pendingSnapshot >= 0) {
            lost.add("Snapshot: " + Render.zxid(pendingSnapshot));
        }
        if (pendingTruncateAfter >= 0) {
            lost.add("TruncateAfter: " + Render.zxid(pendingTruncateAfter));
        }
        if (!pendingEntries.isEmpty()) {
            lost.add("Append: " + Render.entries(pendingEntries));
        }
        for (PeerMessage message : waiting) {
            lost.add("Unsent: " + Render.message(message));
        }
        clearPending();
        return lost;
    }

    private void clearPending() {
        pendingVote = null;
        pendingTruncateAfter = -1;
        pendingSnapshot = -1;
        pendingEntries.clear();
        waiting.clear();
    }

    long lastZxid() {
        return log.isEmpty() ? snapshotZxid : log.get(log.size() - 1).zxid();
    }

    /** True when the durable state holds {@code zxid}: in the log, or at or below the snapshot. */
    boolean holds(long zxid) {
        return zxid <= snapshotZxid || log.stream().anyMatch(entry -> entry.zxid() == zxid);
    }

    String describe() {
        return "epoch=" + vote.epoch() + " votedFor=" + vote.votedFor() + " snapshot=" + Render.zxid(snapshotZxid)
                + " log=" + Render.entries(log);
    }

    /** The open write, for the {@code log} command. */
    String describePending() {
        if (!hasPending()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        if (pendingVote != null) {
            parts.add("epoch=" + pendingVote.epoch() + " votedFor=" + pendingVote.votedFor());
        }
        if (pendingSnapshot >= 0) {
            parts.add("snapshot=" + Render.zxid(pendingSnapshot));
        }
        if (pendingTruncateAfter >= 0) {
            parts.add("truncate-after=" + Render.zxid(pendingTruncateAfter));
        }
        if (!pendingEntries.isEmpty()) {
            parts.add("append=" + Render.entries(pendingEntries));
        }
        parts.add(waiting.size() + " message(s) waiting");
        return String.join(" ", parts);
    }
}
