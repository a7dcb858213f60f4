package io.paddock.consensus.interaction;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Role;
import io.paddock.model.TxnEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Safety properties checked after every step of every script, so that a script fails even where
 * its expected output was rewritten without reading it: at most one leader per epoch; every
 * node applies committed entries in zxid order, skipping none that any node applied, and the
 * same entry at each zxid; and every message that waited for the disk keeps its promise when it
 * leaves (an acknowledgement's entries are durable, a granted vote or a vote request is the
 * durable vote).
 *
 * <p>Single-threaded (the test's). Invariant: {@code applied} holds every entry any node has
 * applied, keyed by zxid.
 */
final class SafetyChecker {
    private final NavigableMap<Long, TxnEntry> applied = new TreeMap<>();
    private final Map<Integer, Long> lastApplied = new HashMap<>();
    private final Map<Long, Integer> leaders = new HashMap<>();

    void role(int node, Role role, long epoch) {
        if (role != Role.LEADING) {
            return;
        }
        Integer earlier = leaders.putIfAbsent(epoch, node);
        if (earlier != null && earlier != node) {
            throw new AssertionError("safety: two leaders in epoch " + epoch + ": " + earlier + " and " + node);
        }
    }

    void applied(int node, TxnEntry entry) {
        long last = lastApplied.getOrDefault(node, 0L);
        if (entry.zxid() <= last) {
            throw new AssertionError("safety: node " + node + " applied " + Render.zxid(entry.zxid()) + " after "
                    + Render.zxid(last));
        }
        Map.Entry<Long, TxnEntry> skipped = applied.higherEntry(last);
        if (skipped != null && skipped.getKey() < entry.zxid()) {
            throw new AssertionError("safety: node " + node + " applied " + Render.zxid(entry.zxid())
                    + " but skipped " + Render.zxid(skipped.getKey()) + ", which another node applied");
        }
        TxnEntry other = applied.putIfAbsent(entry.zxid(), entry);
        if (other != null && !other.equals(entry)) {
            throw new AssertionError("safety: two different entries applied at " + Render.zxid(entry.zxid()) + ": "
                    + other + " and " + entry);
        }
        lastApplied.put(node, entry.zxid());
    }

    /** The node's state now starts at {@code zxid} (a restart from its snapshot, or an installed snapshot). */
    void appliedUpTo(int node, long zxid) {
        lastApplied.put(node, zxid);
    }

    /** A message that waited for {@code disk} is leaving {@code node}. */
    void released(int node, PeerMessage message, NodeDisk disk) {
        if (message instanceof PeerMessage.AppendReply ack && ack.ok() && !disk.holds(ack.lastZxid())) {
            throw new AssertionError("safety: " + Render.message(message) + " acknowledges "
                    + Render.zxid(ack.lastZxid()) + ", which is not durable on " + node + ": " + disk.describe());
        }
        ElectionState vote = disk.vote;
        if (message instanceof PeerMessage.VoteReply reply && reply.granted() && !reply.preVote()
                && (vote.epoch() != reply.epoch() || vote.votedFor() != reply.to())) {
            throw new AssertionError("safety: " + Render.message(message) + " leaves with the durable vote "
                    + vote + " on " + node);
        }
        if (message instanceof PeerMessage.VoteRequest request && !request.preVote()
                && (vote.epoch() != request.epoch() || vote.votedFor() != node)) {
            throw new AssertionError("safety: " + Render.message(message) + " leaves with the durable vote "
                    + vote + " on " + node);
        }
    }
}
