package io.paddock.session;

import io.paddock.model.Acl;
import io.paddock.model.EventType;
import io.paddock.model.WatchEvent;
import io.paddock.tree.TreeView;
import io.paddock.tree.Znode;
import java.util.Arrays;
import java.util.List;

/**
 * The watch events of the most recent applied txns, kept so that a persistent or recursive
 * watch registered with a {@code fromZxid} can first be handed every change after that zxid,
 * in order, and then go live with no gap (the WebSocket protocol's resumable watches).
 *
 * <p>At most {@code capacityTxns} txns that had watch events are held (txns without events,
 * such as createSession or setACL, only move {@link #lastZxid()}). Recording runs for every
 * applied txn on the write path, so it allocates nothing once its arrays have grown: two rings
 * of plain arrays, one entry per txn (its zxid, where its events start, how many) and one per
 * event (its type, its path, and the ACL of its znode as the node's live delivery saw it: in the
 * tree after the txn's batch, or the one before for a znode the batch deleted). What an event
 * keeps alive is its path string and a reference to an ACL list the tree shares anyway, so the
 * history costs tens of bytes per event and promotes little to the old generation.
 *
 * <p>What a replay delivers is what a live watch would have received (see {@link #matches}): a
 * PERSISTENT watch on P gets every event on P itself, children changes included; a
 * PERSISTENT_RECURSIVE watch on P gets created, deleted and data-changed events on P and its
 * descendants, never children changes. The ACL lets the caller drop what the watcher may not
 * read, as live delivery does.
 *
 * <p>Single-threaded (the node's event loop); pure: no clock, no I/O. Invariants: held zxids
 * strictly increase from oldest to newest; {@code baseZxid <= } every held zxid {@code <=
 * lastZxid}; every txn with events after {@code baseZxid} up to {@code lastZxid} is held (which
 * is what {@link #covers} promises); the events of held txns are contiguous in the event ring,
 * in txn order, and txn {@code i}'s start at event sequence number {@code firstEvents[i]}.
 */
public final class WatchHistory {
    /** Receives replayed events in zxid order, with the ACL to check the watcher against. */
    @FunctionalInterface
    public interface Replayed {
        void event(long zxid, WatchEvent event, List<Acl> acl);
    }

    private static final int INITIAL_SLOTS = 1024;

    private final int capacityTxns;
    // the txn ring
    private long[] zxids;
    private long[] firstEvents;
    private int[] eventCounts;
    private int txnHead;
    private int txnSize;
    // the event ring; slot of event sequence number s: (eventHead + (s - eventHeadSeq)) % capacity
    private byte[] eventTypes;
    private String[] eventPaths;
    private Object[] eventAcls;
    private int eventHead;
    private int eventSize;
    private long eventHeadSeq;
    private long baseZxid;
    private long lastZxid;

    /** A history that holds nothing yet: it can serve resumes from {@code startZxid} on. */
    public WatchHistory(int capacityTxns, long startZxid) {
        if (capacityTxns < 0) {
            throw new IllegalStateException("capacityTxns < 0: " + capacityTxns);
        }
        this.capacityTxns = capacityTxns;
        int txnSlots = Math.min(capacityTxns, INITIAL_SLOTS);
        zxids = new long[txnSlots];
        firstEvents = new long[txnSlots];
        eventCounts = new int[txnSlots];
        int eventSlots = capacityTxns == 0 ? 0 : INITIAL_SLOTS;
        eventTypes = new byte[eventSlots];
        eventPaths = new String[eventSlots];
        eventAcls = new Object[eventSlots];
        reset(startZxid);
    }

    /** Forgets everything: the node's tree jumped to {@code zxid} without the events in between. */
    public void reset(long zxid) {
        Arrays.fill(eventPaths, null);
        Arrays.fill(eventAcls, null);
        txnHead = 0;
        txnSize = 0;
        eventHead = 0;
        eventSize = 0;
        baseZxid = zxid;
        lastZxid = zxid;
    }

    /**
     * Records one applied txn. {@code after} is the tree after the txn's batch and
     * {@code before} the tree before it (null when unknown): the ACL of each event's znode is
     * read from {@code after}, or from {@code before} when the batch removed it.
     */
    public void record(long zxid, List<WatchEvent> txnEvents, TreeView after, TreeView before) {
        if (zxid <= lastZxid) {
            throw new IllegalStateException("history at 0x" + Long.toHexString(lastZxid) + " got txn 0x"
                    + Long.toHexString(zxid) + " out of order");
        }
        lastZxid = zxid;
        int count = txnEvents.size();
        if (count == 0) {
            return;
        }
        if (capacityTxns == 0) {
            baseZxid = zxid;
            return;
        }
        if (txnSize == capacityTxns) {
            evictOldest();
        } else if (txnSize == zxids.length) {
            growTxns();
        }
        while (eventSize + count > eventTypes.length) {
            growEvents(eventSize + count);
        }
        int txnSlot = (txnHead + txnSize) % zxids.length;
        zxids[txnSlot] = zxid;
        firstEvents[txnSlot] = eventHeadSeq + eventSize;
        eventCounts[txnSlot] = count;
        txnSize++;
        for (int i = 0; i < count; i++) {
            WatchEvent event = txnEvents.get(i);
            int slot = (eventHead + eventSize) % eventTypes.length;
            eventTypes[slot] = (byte) event.type();
            eventPaths[slot] = event.path();
            eventAcls[slot] = aclOf(event.path(), after, before);
            eventSize++;
        }
    }

    private void evictOldest() {
        baseZxid = zxids[txnHead];
        int count = eventCounts[txnHead];
        for (int i = 0; i < count; i++) {
            int slot = (eventHead + i) % eventTypes.length;
            eventPaths[slot] = null;
            eventAcls[slot] = null;
        }
        eventHead = (eventHead + count) % eventTypes.length;
        eventHeadSeq += count;
        eventSize -= count;
        txnHead = (txnHead + 1) % zxids.length;
        txnSize--;
    }

    private static List<Acl> aclOf(String path, TreeView after, TreeView before) {
        Znode node = after.node(path);
        if (node == null && before != null) {
            node = before.node(path);
        }
        return node == null ? null : node.acl();
    }

    private void growTxns() {
        int capacity = (int) Math.min(capacityTxns, zxids.length * 2L);
        long[] newZxids = new long[capacity];
        long[] newFirstEvents = new long[capacity];
        int[] newCounts = new int[capacity];
        for (int i = 0; i < txnSize; i++) {
            int slot = (txnHead + i) % zxids.length;
            newZxids[i] = zxids[slot];
            newFirstEvents[i] = firstEvents[slot];
            newCounts[i] = eventCounts[slot];
        }
        zxids = newZxids;
        firstEvents = newFirstEvents;
        eventCounts = newCounts;
        txnHead = 0;
    }

    private void growEvents(int needed) {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, eventTypes.length * 2L));
        byte[] newTypes = new byte[capacity];
        String[] newPaths = new String[capacity];
        Object[] newAcls = new Object[capacity];
        for (int i = 0; i < eventSize; i++) {
            int slot = (eventHead + i) % eventTypes.length;
            newTypes[i] = eventTypes[slot];
            newPaths[i] = eventPaths[slot];
            newAcls[i] = eventAcls[slot];
        }
        eventTypes = newTypes;
        eventPaths = newPaths;
        eventAcls = newAcls;
        eventHead = 0;
    }

    /** The oldest {@code fromZxid} a resume can start from: events after it are all held. */
    public long oldestZxid() {
        return baseZxid;
    }

    /** The zxid of the last txn recorded (or of the reset). */
    public long lastZxid() {
        return lastZxid;
    }

    /** Txns with events held now. */
    public int size() {
        return txnSize;
    }

    /** Events held now. */
    public int eventCount() {
        return eventSize;
    }

    /** True when every event after {@code fromZxid} up to {@link #lastZxid()} is held. */
    public boolean covers(long fromZxid) {
        return fromZxid >= baseZxid && fromZxid <= lastZxid;
    }

    /**
     * Hands {@code sink}, in zxid order, every held event after {@code fromZxid} that a watch on
     * {@code path} of the given kind would have received live. Requires {@link #covers}.
     */
    @SuppressWarnings("unchecked")
    public void replay(long fromZxid, String path, boolean recursive, Replayed sink) {
        if (!covers(fromZxid)) {
            throw new IllegalStateException("history from 0x" + Long.toHexString(baseZxid)
                    + " cannot replay from 0x" + Long.toHexString(fromZxid));
        }
        for (int i = firstAfter(fromZxid); i < txnSize; i++) {
            int txnSlot = (txnHead + i) % zxids.length;
            long first = firstEvents[txnSlot];
            for (int e = 0; e < eventCounts[txnSlot]; e++) {
                int slot = (int) ((eventHead + (first + e - eventHeadSeq)) % eventTypes.length);
                if (matches(eventTypes[slot], eventPaths[slot], path, recursive)) {
                    sink.event(zxids[txnSlot], new WatchEvent(eventTypes[slot], eventPaths[slot]),
                            (List<Acl>) eventAcls[slot]);
                }
            }
        }
    }

    /** The logical index of the oldest held txn with a zxid above {@code fromZxid} (binary search). */
    private int firstAfter(long fromZxid) {
        int low = 0;
        int high = txnSize;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (zxids[(txnHead + middle) % zxids.length] <= fromZxid) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** True when a live watch on {@code path} of the given kind would fire for {@code event}. */
    public static boolean matches(WatchEvent event, String path, boolean recursive) {
        return matches(event.type(), event.path(), path, recursive);
    }

    /**
     * True when a live watch on {@code path} would fire for an event of {@code type} on
     * {@code eventPath} ({@link WatchManager}'s rules): PERSISTENT on exactly the path, every
     * type; PERSISTENT_RECURSIVE on the path or a descendant, every type but NodeChildrenChanged.
     */
    static boolean matches(int type, String eventPath, String path, boolean recursive) {
        if (!recursive) {
            return eventPath.equals(path);
        }
        if (type == EventType.NODE_CHILDREN_CHANGED || path.isEmpty()) {
            return false; // no znode path is empty, so live delivery never fires a watch on ""
        }
        if ("/".equals(path) || eventPath.equals(path)) {
            return true;
        }
        return eventPath.length() > path.length() && eventPath.startsWith(path)
                && eventPath.charAt(path.length()) == '/';
    }
}
