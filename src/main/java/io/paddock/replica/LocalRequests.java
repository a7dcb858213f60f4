package io.paddock.replica;

import io.paddock.model.Id;
import io.paddock.model.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes and syncs this node's own clients asked for that are not answered yet, with the
 * epoch in which each was last handed to a leader (-1: held, no leader yet).
 *
 * <p>Why: a write handed to the leader of epoch E that is not applied by the time this node
 * applies the NEWLEADER marker of a later epoch can never be committed (every entry of an
 * older epoch that survives is in the new leader's log before its marker), so it is handed to
 * the new leader again: a client whose connection stays open never loses a write to a
 * failover, and never sees one twice. Writes of a session whose connection closed are dropped
 * (they may still apply if in flight, like ZooKeeper's; they are never sent again, so a later
 * write of the same session on another node cannot be overtaken).
 *
 * <p>Confined to the replica's thread. Invariants: writes iterate in submission order; a key
 * is present at most once.
 */
final class LocalRequests {
    /** One pending request: a write ({@code request != null}) or a sync. */
    static final class Pending {
        final long sessionId;
        final int cxid;
        final Request request;
        final List<Id> authIds;
        long epochSent = -1;
        /** The forward sequence number it was last sent with (in {@code epochSent}). */
        long seq = -1;
        /** The replica tick it was last sent in. */
        long sentTick;

        Pending(long sessionId, int cxid, Request request, List<Id> authIds) {
            this.sessionId = sessionId;
            this.cxid = cxid;
            this.request = request;
            this.authIds = authIds;
        }
    }

    private record Key(long sessionId, int cxid) {}

    private final LinkedHashMap<Key, Pending> writes = new LinkedHashMap<>();
    private final Map<Long, Pending> syncs = new HashMap<>();
    private long nextSyncId = 1;

    Pending addWrite(long sessionId, int cxid, Request request, List<Id> authIds) {
        Pending pending = new Pending(sessionId, cxid, Objects.requireNonNull(request), authIds);
        writes.put(new Key(sessionId, cxid), pending);
        return pending;
    }

    /** Registers a sync; returns its request id for the read index. */
    long addSync(long sessionId, int cxid) {
        long id = nextSyncId++;
        syncs.put(id, new Pending(sessionId, cxid, null, List.of()));
        return id;
    }

    /** The write a just-applied txn answers, removed; null when it was not a local one. */
    Pending writeApplied(long sessionId, int cxid) {
        return writes.remove(new Key(sessionId, cxid));
    }

    Pending sync(long requestId) {
        return syncs.get(requestId);
    }

    Pending syncDone(long requestId) {
        return syncs.remove(requestId);
    }

    /** Writes and syncs not handed to a leader of {@code epoch} yet, in submission order (writes first). */
    List<Pending> writesBefore(long epoch) {
        List<Pending> out = new ArrayList<>();
        for (Pending pending : writes.values()) {
            if (pending.epochSent < epoch) {
                out.add(pending);
            }
        }
        return out;
    }

    List<Map.Entry<Long, Pending>> syncsBefore(long epoch) {
        List<Map.Entry<Long, Pending>> out = new ArrayList<>();
        for (Map.Entry<Long, Pending> entry : syncs.entrySet()) {
            if (entry.getValue().epochSent < epoch) {
                out.add(entry);
            }
        }
        out.sort(Map.Entry.comparingByKey());
        return out;
    }

    /** Writes forwarded in {@code epoch} with a sequence number at or above {@code fromSeq}, in order. */
    List<Pending> forwardedFrom(long epoch, long fromSeq) {
        List<Pending> out = new ArrayList<>();
        for (Pending pending : writes.values()) {
            if (pending.epochSent == epoch && pending.seq >= fromSeq) {
                out.add(pending);
            }
        }
        out.sort(java.util.Comparator.comparingLong(p -> p.seq));
        return out;
    }

    /** Writes forwarded in {@code epoch} and last sent at or before {@code tick}, in forward order. */
    List<Pending> forwardedBefore(long epoch, long tick) {
        List<Pending> out = new ArrayList<>();
        for (Pending pending : writes.values()) {
            if (pending.epochSent == epoch && pending.seq >= 0 && pending.sentTick <= tick) {
                out.add(pending);
            }
        }
        return out;
    }

    /** Forgets every request of a session whose connection closed. */
    void sessionGone(long sessionId) {
        writes.values().removeIf(p -> p.sessionId == sessionId);
        for (Iterator<Pending> it = syncs.values().iterator(); it.hasNext();) {
            if (it.next().sessionId == sessionId) {
                it.remove();
            }
        }
    }

    /** Forgets every pending write and sync. */
    void clear() {
        writes.clear();
        syncs.clear();
    }

    /** Removes and returns every pending write (the node cannot take writes any more). */
    List<Pending> drainWrites() {
        List<Pending> out = new ArrayList<>(writes.values());
        writes.clear();
        return out;
    }

    int size() {
        return writes.size() + syncs.size();
    }
}
