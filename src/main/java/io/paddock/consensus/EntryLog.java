package io.paddock.consensus;

import io.paddock.model.Check;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a node's log the core holds in memory: every entry after {@code baseZxid}, in
 * strictly increasing zxid order. Entries at or below the base are on disk or in a snapshot
 * only; they are all committed, so the base itself is a valid point to append after. A leader
 * brings a follower up to date from here (DIFF); a follower that needs older entries gets a
 * snapshot instead.
 *
 * <p>Confined to the core's thread. Invariants: {@code baseZxid < entries[head].zxid}; zxids
 * strictly increase; {@code bytes} is the sum of {@link #approximateBytes} over the entries.
 * Compaction only ever drops entries the caller says are applied.
 */
final class EntryLog {
    /** Compaction checks in chunks of at most this many entries, or a quarter of the window. */
    private static final int COMPACT_CHUNK = 1024;

    private long baseZxid;
    /**
     * The held entries are {@code entries[head..]}. A compaction only moves {@code head} (and
     * clears the slots it passes); the dropped prefix is cut off the array once it is at least
     * as long as what is held, so each entry is copied O(1) times however often a hold (a slow
     * follower's match) lets only a few entries go.
     */
    private final ArrayList<TxnEntry> entries = new ArrayList<>();
    private int head;
    private long bytes;

    EntryLog(long baseZxid, List<TxnEntry> held) {
        this.baseZxid = baseZxid;
        for (TxnEntry entry : held) {
            append(entry);
        }
    }

    long baseZxid() {
        return baseZxid;
    }

    long lastZxid() {
        return entries.size() == head ? baseZxid : entries.get(entries.size() - 1).zxid();
    }

    int size() {
        return entries.size() - head;
    }

    long bytes() {
        return bytes;
    }

    /** True when {@code zxid} is the base or a held entry. */
    boolean holds(long zxid) {
        return zxid == baseZxid || indexOf(zxid) >= 0;
    }

    /** The largest held zxid (or the base) at or below {@code zxid}; -1 when {@code zxid} is below the base. */
    long lastAtOrBefore(long zxid) {
        if (zxid < baseZxid) {
            return -1;
        }
        int index = search(zxid);
        if (index >= 0) {
            return zxid;
        }
        int insertion = -index - 1;
        return insertion == head ? baseZxid : entries.get(insertion - 1).zxid();
    }

    /** The zxid of the first entry after {@code zxid}, or -1 when there is none. {@code zxid} must be held. */
    long nextAfter(long zxid) {
        int index = zxid == baseZxid ? head - 1 : indexOf(zxid);
        Check.that(index >= head || zxid == baseZxid, "nextAfter of 0x%x, which is not held", zxid);
        return index + 1 < entries.size() ? entries.get(index + 1).zxid() : -1;
    }

    /**
     * Held entries after {@code zxid} (which must be held), oldest first, up to about
     * {@code bytesMax} bytes but at least one entry when there is one. A view: the caller copies
     * it before the log changes.
     */
    List<TxnEntry> after(long zxid, long bytesMax) {
        int from = zxid == baseZxid ? head : indexOf(zxid) + 1;
        Check.that(from > head || zxid == baseZxid, "entries after 0x%x, which is not held", zxid);
        int to = from;
        long taken = 0;
        while (to < entries.size() && (to == from || taken + approximateBytes(entries.get(to)) <= bytesMax)) {
            taken += approximateBytes(entries.get(to));
            to++;
        }
        return List.copyOf(entries.subList(from, to));
    }

    /** Held entries with zxid in ({@code fromExclusive}, {@code toInclusive}], oldest first. */
    List<TxnEntry> between(long fromExclusive, long toInclusive) {
        int from = firstIndexAbove(fromExclusive);
        int to = firstIndexAbove(toInclusive);
        return from >= to ? List.of() : List.copyOf(entries.subList(from, to));
    }

    void append(TxnEntry entry) {
        Check.that(entry.zxid() > lastZxid(), "append of 0x%x after 0x%x", entry.zxid(), lastZxid());
        entries.add(entry);
        bytes += approximateBytes(entry);
    }

    /** Drops every entry after {@code zxid}; {@code zxid} must not be below the base. */
    void truncateAfter(long zxid) {
        Check.that(zxid >= baseZxid, "truncate after 0x%x, below the base 0x%x", zxid, baseZxid);
        int from = firstIndexAbove(zxid);
        for (int i = from; i < entries.size(); i++) {
            bytes -= approximateBytes(entries.get(i));
        }
        entries.subList(from, entries.size()).clear();
    }

    /** Forgets everything: the log now continues a snapshot at {@code zxid}. */
    void reset(long zxid) {
        entries.clear();
        head = 0;
        bytes = 0;
        baseZxid = zxid;
    }

    /**
     * Drops the oldest entries at or below {@code appliedZxid} while more than {@code bytesMax}
     * bytes are held, or more than {@code txnsMax} entries of which the oldest is at or below
     * {@code neededAfter} (a leader passes what its peers in touch may still be sent, see
     * {@code Leadership.heldAfter}: that is kept beyond the txn count, up to the byte bound), in chunks.
     */
    void compact(long appliedZxid, int txnsMax, long bytesMax, long neededAfter) {
        // Chunks of at most a quarter of the window: it holds up to 1.25 x txnsMax entries.
        if (size() <= txnsMax + Math.min(COMPACT_CHUNK, txnsMax / 4) && bytes <= bytesMax) {
            return;
        }
        int at = head;
        long dropped = 0;
        while (at < entries.size() && entries.get(at).zxid() <= appliedZxid
                && (entries.size() - at > txnsMax && entries.get(at).zxid() <= neededAfter
                        || bytes - dropped > bytesMax)) {
            dropped += approximateBytes(entries.get(at));
            at++;
        }
        if (at == head) {
            return;
        }
        baseZxid = entries.get(at - 1).zxid();
        for (int i = head; i < at; i++) {
            entries.set(i, null);
        }
        head = at;
        bytes -= dropped;
        if (head >= entries.size() - head) {
            entries.subList(0, head).clear();
            head = 0;
        }
    }

    private int indexOf(long zxid) {
        int index = search(zxid);
        return index >= 0 ? index : -1;
    }

    private int firstIndexAbove(long zxid) {
        int index = search(zxid);
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** Binary search by zxid, with {@link java.util.Collections#binarySearch}'s result convention. */
    private int search(long zxid) {
        int low = head;
        int high = entries.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = entries.get(mid).zxid();
            if (at < zxid) {
                low = mid + 1;
            } else if (at > zxid) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** A cheap estimate of an entry's size in memory and on the wire; only bounds use it. */
    static long approximateBytes(TxnEntry entry) {
        return 48 + txnBytes(entry.txn());
    }

    private static long txnBytes(Txn txn) {
        if (txn instanceof Txn.Create c) {
            return 2L * c.path().length() + length(c.data()) + 24L * (c.acl() == null ? 0 : c.acl().size());
        } else if (txn instanceof Txn.SetData s) {
            return 2L * s.path().length() + length(s.data());
        } else if (txn instanceof Txn.Multi m) {
            long sum = 16;
            for (Txn sub : m.txns()) {
                sum += txnBytes(sub);
            }
            return sum;
        } else if (txn instanceof Txn.Delete d) {
            return 2L * d.path().length();
        } else if (txn instanceof Txn.SetAcl a) {
            return 2L * a.path().length() + 24L * (a.acl() == null ? 0 : a.acl().size());
        }
        return 16;
    }

    private static int length(byte[] data) {
        return data == null ? 0 : data.length;
    }
}
