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
 * <p>A ring of at most {@code capacityTxns} entries, one per applied txn that had watch events
 * (txns without events, such as createSession or setACL, only move {@link #lastZxid()}): its
 * zxid, its events (the applied record's own list, not copied) and, per event, the ACL of the
 * znode as the node's live delivery saw it (the tree after the txn's batch, or the one before
 * for a znode the batch deleted), so that a replay drops the events the watcher may not read
 * exactly as live delivery did. ACL lists are shared with the tree, so an entry costs a few
 * dozen bytes beyond the events themselves.
 *
 * <p>What a replay delivers is what a live watch would have received (see
 * {@link #matches}): a PERSISTENT watch on P gets every event on P itself, children changes
 * included; a PERSISTENT_RECURSIVE watch on P gets created, deleted and data-changed events on
 * P and its descendants, never children changes.
 *
 * <p>Single-threaded (the node's event loop); pure: no clock, no I/O. Invariants: held zxids
 * strictly increase from oldest to newest; {@code baseZxid <= } every held zxid {@code <=
 * lastZxid}; every txn with events after {@code baseZxid} and up to {@code lastZxid} is held,
 * which is what makes {@link #covers} true.
 */
public final class WatchHistory {
    /** Receives replayed events in zxid order, with the ACL to check the watcher against. */
    @FunctionalInterface
    public interface Replayed {
        void event(long zxid, WatchEvent event, List<Acl> acl);
    }

    private final int capacityTxns;
    private long[] zxids;
    private Object[] events;
    /** Per entry: the List of Acl for a one-event txn, else an Object[] with one list per event. */
    private Object[] acls;
    private int head;
    private int size;
    private long baseZxid;
    private long lastZxid;

    /** A history that holds nothing yet: it can serve resumes from {@code startZxid} on. */
    public WatchHistory(int capacityTxns, long startZxid) {
        if (capacityTxns < 0) {
            throw new IllegalStateException("capacityTxns < 0: " + capacityTxns);
        }
        this.capacityTxns = capacityTxns;
        int initial = Math.min(capacityTxns, 1024);
        zxids = new long[initial];
        events = new Object[initial];
        acls = new Object[initial];
        reset(startZxid);
    }

    /** Forgets everything: the node's tree jumped to {@code zxid} without the events in between. */
    public void reset(long zxid) {
        Arrays.fill(events, null);
        Arrays.fill(acls, null);
        head = 0;
        size = 0;
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
        if (txnEvents.isEmpty()) {
            return;
        }
        if (capacityTxns == 0) {
            baseZxid = zxid;
            return;
        }
        if (size == capacityTxns) {
            baseZxid = zxids[head];
            events[head] = null;
            acls[head] = null;
            head = (head + 1) % zxids.length;
            size--;
        } else if (size == zxids.length) {
            grow();
        }
        int slot = (head + size) % zxids.length;
        zxids[slot] = zxid;
        events[slot] = txnEvents;
        acls[slot] = aclsOf(txnEvents, after, before);
        size++;
    }

    private static Object aclsOf(List<WatchEvent> txnEvents, TreeView after, TreeView before) {
        if (txnEvents.size() == 1) {
            return aclOf(txnEvents.get(0).path(), after, before);
        }
        Object[] out = new Object[txnEvents.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = aclOf(txnEvents.get(i).path(), after, before);
        }
        return out;
    }

    private static List<Acl> aclOf(String path, TreeView after, TreeView before) {
        Znode node = after.node(path);
        if (node == null && before != null) {
            node = before.node(path);
        }
        return node == null ? null : node.acl();
    }

    private void grow() {
        int capacity = (int) Math.min(capacityTxns, Math.max(16L, zxids.length * 2L));
        long[] newZxids = new long[capacity];
        Object[] newEvents = new Object[capacity];
        Object[] newAcls = new Object[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % zxids.length;
            newZxids[i] = zxids[slot];
            newEvents[i] = events[slot];
            newAcls[i] = acls[slot];
        }
        zxids = newZxids;
        events = newEvents;
        acls = newAcls;
        head = 0;
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
        return size;
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
        for (int i = firstAfter(fromZxid); i < size; i++) {
            int slot = (head + i) % zxids.length;
            List<WatchEvent> txnEvents = (List<WatchEvent>) events[slot];
            Object txnAcls = acls[slot];
            for (int e = 0; e < txnEvents.size(); e++) {
                WatchEvent event = txnEvents.get(e);
                if (matches(event, path, recursive)) {
                    List<Acl> acl = (List<Acl>) (txnEvents.size() == 1 ? txnAcls : ((Object[]) txnAcls)[e]);
                    sink.event(zxids[slot], event, acl);
                }
            }
        }
    }

    /** The logical index of the oldest held entry with a zxid above {@code fromZxid} (binary search). */
    private int firstAfter(long fromZxid) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (zxids[(head + middle) % zxids.length] <= fromZxid) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * True when a live watch on {@code path} would fire for {@code event} ({@link WatchManager}'s
     * rules): PERSISTENT on exactly the path, every type; PERSISTENT_RECURSIVE on the path or a
     * descendant, every type but NodeChildrenChanged.
     */
    static boolean matches(WatchEvent event, String path, boolean recursive) {
        String eventPath = event.path();
        if (!recursive) {
            return eventPath.equals(path);
        }
        if (event.type() == EventType.NODE_CHILDREN_CHANGED) {
            return false;
        }
        if ("/".equals(path) || eventPath.equals(path)) {
            return true;
        }
        return eventPath.length() > path.length() && eventPath.startsWith(path)
                && eventPath.charAt(path.length()) == '/';
    }
}
