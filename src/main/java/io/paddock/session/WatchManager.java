package io.paddock.session;

import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.Request;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import io.paddock.session.WatchTable.PathWatchers;
import io.paddock.tree.TreeView;
import io.paddock.tree.Znode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The watch registry of one node: ZooKeeper's data and child watch tables, keyed by path, of
 * (watcher, modes) entries, plus a reverse index watcher -&gt; paths so that a closing
 * connection's watches go in time proportional to their number. A watcher is a {@code long}
 * (the node uses the session id of the connection). Watches belong to the connection: the node
 * calls {@link #removeWatcher} when it closes, and the client re-arms them with setWatches.
 *
 * <p>Modes: STANDARD (one-shot; getData/exists in the data table, getChildren in the child
 * table), PERSISTENT (both tables, exactly the path) and PERSISTENT_RECURSIVE (data table only;
 * the path and all its descendants; never NodeChildrenChanged). Trigger rules follow
 * zk-protocol.md 10.3/10.4: a connection gets at most one event per trigger, standard modes
 * are consumed when they fire, persistent ones stay.
 *
 * <p>Single-threaded (the node's event loop). Sinks must not call back into this manager while
 * it delivers. Invariants: a watcher is in the reverse index for a path of a table iff it has an
 * entry there; {@code dataOwners} counts watchers with at least one data-table entry.
 */
public final class WatchManager {
    private final WatchTable data = new WatchTable();
    private final WatchTable child = new WatchTable();
    private final LongMap<Owner> owners = new LongMap<>(64);
    /** Watchers already notified in the current trigger, used only when two sources may overlap. */
    private final LongMap<Boolean> delivered = new LongMap<>(16);
    private int dataOwners;
    private long[] scratch = new long[8];

    // ---- registration ------------------------------------------------------------------

    /** A one-shot data watch (getData/exists with watch); returns false if it already existed. */
    public boolean addDataWatch(String path, long watcher) {
        return add(data, path, watcher, WatchTable.STANDARD);
    }

    /** A one-shot child watch (getChildren with watch); returns false if it already existed. */
    public boolean addChildWatch(String path, long watcher) {
        return add(child, path, watcher, WatchTable.STANDARD);
    }

    /**
     * addWatch: PERSISTENT registers in both tables for exactly {@code path}; recursive registers
     * PERSISTENT_RECURSIVE in the data table. Returns false if nothing new was registered.
     */
    public boolean addPersistent(String path, long watcher, boolean recursive) {
        if (recursive) {
            return add(data, path, watcher, WatchTable.RECURSIVE);
        }
        boolean addedData = add(data, path, watcher, WatchTable.PERSISTENT);
        boolean addedChild = add(child, path, watcher, WatchTable.PERSISTENT);
        return addedData | addedChild;
    }

    // ---- triggering --------------------------------------------------------------------

    /**
     * Fires the watches {@code event} triggers, calling {@code sink} once per watcher:
     * NodeCreated/NodeDataChanged fire data watches on the path and recursive watches on the
     * path's ancestors; NodeDeleted also fires the path's child watches (one event per watcher);
     * NodeChildrenChanged fires only child watches on the path. Allocates nothing when nobody
     * watches the path and there are no recursive watches.
     */
    public void trigger(WatchEvent event, NotificationSink sink) {
        String path = event.path();
        switch (event.type()) {
            case EventType.NODE_CREATED, EventType.NODE_DATA_CHANGED -> fireData(path, event, sink, false);
            case EventType.NODE_DELETED -> {
                fireData(path, event, sink, true);
                fireExact(child, path, event, sink, true);
            }
            case EventType.NODE_CHILDREN_CHANGED -> fireExact(child, path, event, sink, false);
            default -> throw new IllegalStateException("not a server watch event: " + event);
        }
        delivered.clear();
    }

    /** {@link #trigger(WatchEvent, NotificationSink)} collecting into a list (tests, tools). */
    public List<Notification> trigger(WatchEvent event) {
        List<Notification> out = new ArrayList<>();
        trigger(event, (watcher, e) -> out.add(new Notification(watcher, e)));
        return out;
    }

    private void fireData(String path, WatchEvent event, NotificationSink sink, boolean dedup) {
        if (data.recursive == 0) {
            fireExact(data, path, event, sink, dedup);
            return;
        }
        // A watcher may hold a recursive watch on several ancestors and a watch on the path
        // itself; it still gets one event, hence the delivered set.
        fireExact(data, path, event, sink, true);
        if (path.length() <= 1) {
            return;
        }
        int slash = path.lastIndexOf('/');
        while (slash >= 0) {
            String ancestor = slash == 0 ? "/" : path.substring(0, slash);
            fireRecursive(ancestor, event, sink);
            if (slash == 0) {
                break;
            }
            slash = path.lastIndexOf('/', slash - 1);
        }
    }

    private void fireRecursive(String ancestor, WatchEvent event, NotificationSink sink) {
        PathWatchers watchers = data.paths.get(ancestor);
        if (watchers == null || watchers.recursive == 0) {
            return;
        }
        LongMap<Byte> modes = watchers.modes;
        for (int slot = 0; slot < modes.capacity(); slot++) {
            Byte mode = modes.valueAt(slot);
            if (mode != null && (mode & WatchTable.RECURSIVE) != 0) {
                deliver(modes.keyAt(slot), event, sink, true);
            }
        }
    }

    private void fireExact(WatchTable table, String path, WatchEvent event, NotificationSink sink, boolean dedup) {
        PathWatchers watchers = table.paths.get(path);
        if (watchers == null) {
            return;
        }
        LongMap<Byte> modes = watchers.modes;
        for (int slot = 0; slot < modes.capacity(); slot++) {
            if (modes.valueAt(slot) != null) {
                deliver(modes.keyAt(slot), event, sink, dedup);
            }
        }
        if (watchers.standard > 0) {
            consumeStandard(table, path, watchers);
        }
    }

    private void deliver(long watcher, WatchEvent event, NotificationSink sink, boolean dedup) {
        if (!dedup || delivered.put(watcher, Boolean.TRUE) == null) {
            sink.notify(watcher, event);
        }
    }

    /** Removes the one-shot mode of every entry of a path that just fired; persistent modes stay. */
    private void consumeStandard(WatchTable table, String path, PathWatchers watchers) {
        LongMap<Byte> modes = watchers.modes;
        if (watchers.persistent == 0 && watchers.recursive == 0) {
            // The common case: only one-shot watches, so the whole path goes at once.
            for (int slot = 0; slot < modes.capacity(); slot++) {
                if (modes.valueAt(slot) != null) {
                    forget(table, path, modes.keyAt(slot));
                }
            }
            table.dropStandardOnly(path, watchers);
            return;
        }
        int count = 0;
        if (scratch.length < watchers.standard) {
            scratch = new long[Math.max(watchers.standard, scratch.length * 2)];
        }
        for (int slot = 0; slot < modes.capacity(); slot++) {
            Byte mode = modes.valueAt(slot);
            if (mode != null && (mode & WatchTable.STANDARD) != 0) {
                scratch[count++] = modes.keyAt(slot);
            }
        }
        for (int i = 0; i < count; i++) {
            clear(table, path, scratch[i], WatchTable.STANDARD);
        }
    }

    // ---- removal -----------------------------------------------------------------------

    /**
     * removeWatches (checkOnly false) / checkWatches (checkOnly true) for one connection, per
     * zk-protocol.md 10.7: CHILDREN the standard child watch, DATA the standard data watch,
     * PERSISTENT the persistent entries of both tables, PERSISTENT_RECURSIVE the recursive one,
     * ANY everything on the path. Returns OK, NOWATCHER when nothing matched, or
     * MARSHALLINGERROR for an unknown type (ZooKeeper fails to convert it).
     */
    public int removeWatches(String path, long watcher, int watcherType, boolean checkOnly) {
        boolean found;
        switch (watcherType) {
            case WatcherType.CHILDREN -> found = removeOrCheck(child, path, watcher, WatchTable.STANDARD, checkOnly);
            case WatcherType.DATA -> found = removeOrCheck(data, path, watcher, WatchTable.STANDARD, checkOnly);
            case WatcherType.PERSISTENT -> {
                // ZooKeeper's check looks at the data table only; removal clears both tables.
                found = removeOrCheck(data, path, watcher, WatchTable.PERSISTENT, checkOnly);
                if (!checkOnly) {
                    found |= removeOrCheck(child, path, watcher, WatchTable.PERSISTENT, false);
                }
            }
            case WatcherType.PERSISTENT_RECURSIVE ->
                    found = removeOrCheck(data, path, watcher, WatchTable.RECURSIVE, checkOnly);
            case WatcherType.ANY -> {
                boolean inChild = removeOrCheck(child, path, watcher, WatchTable.ALL, checkOnly);
                boolean inData = removeOrCheck(data, path, watcher, WatchTable.ALL, checkOnly);
                found = inChild | inData;
            }
            default -> {
                return ErrorCode.MARSHALLINGERROR;
            }
        }
        return found ? ErrorCode.OK : ErrorCode.NOWATCHER;
    }

    private boolean removeOrCheck(WatchTable table, String path, long watcher, int mask, boolean checkOnly) {
        if (checkOnly) {
            return (table.modes(path, watcher) & mask) != 0;
        }
        return (clear(table, path, watcher, mask) & mask) != 0;
    }

    /** Drops every watch of {@code watcher} (its connection closed); unknown watchers are ignored. */
    public void removeWatcher(long watcher) {
        Owner owner = owners.remove(watcher);
        if (owner == null) {
            return;
        }
        if (!owner.dataPaths.isEmpty()) {
            dataOwners--;
        }
        for (String path : owner.dataPaths) {
            checkRemoved(data.clear(path, watcher, WatchTable.ALL), path, watcher);
        }
        for (String path : owner.childPaths) {
            checkRemoved(child.clear(path, watcher, WatchTable.ALL), path, watcher);
        }
    }

    private static void checkRemoved(int oldModes, String path, long watcher) {
        if (oldModes == 0) {
            throw new IllegalStateException("reverse index lists " + path + " for 0x"
                    + Long.toHexString(watcher) + " but the table has no entry");
        }
    }

    // ---- setWatches --------------------------------------------------------------------

    /**
     * setWatches/setWatches2 after a reconnect (zk-protocol.md 10.6): for each listed path either
     * registers the watch or, when the client missed a change, sends the event now instead.
     * Synthesized events go to {@code sink} in list order (data, exist, child); the node sends
     * them with zxid -1 and without ACL filtering, before the setWatches reply. Null lists are
     * treated as empty.
     */
    public void setWatches(TreeView tree, long watcher, Request.SetWatches request, NotificationSink sink) {
        long relativeZxid = request.relativeZxid();
        for (String path : orEmpty(request.dataWatches())) {
            Znode node = tree.node(path);
            if (node == null) {
                sink.notify(watcher, new WatchEvent(EventType.NODE_DELETED, path));
            } else if (node.mzxid() > relativeZxid) {
                sink.notify(watcher, new WatchEvent(EventType.NODE_DATA_CHANGED, path));
            } else {
                addDataWatch(path, watcher);
            }
        }
        for (String path : orEmpty(request.existWatches())) {
            if (tree.node(path) != null) {
                sink.notify(watcher, new WatchEvent(EventType.NODE_CREATED, path));
            } else {
                addDataWatch(path, watcher);
            }
        }
        for (String path : orEmpty(request.childWatches())) {
            Znode node = tree.node(path);
            if (node == null) {
                sink.notify(watcher, new WatchEvent(EventType.NODE_DELETED, path));
            } else if (node.pzxid() > relativeZxid) {
                sink.notify(watcher, new WatchEvent(EventType.NODE_CHILDREN_CHANGED, path));
            } else {
                addChildWatch(path, watcher);
            }
        }
        for (String path : orEmpty(request.persistentWatches())) {
            addPersistent(path, watcher, false);
        }
        for (String path : orEmpty(request.persistentRecursiveWatches())) {
            addPersistent(path, watcher, true);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    // ---- statistics and four-letter words ----------------------------------------------

    /** All (path, watcher) entries of both tables: mntr's zk_watch_count. */
    public int watchCount() {
        return data.entries + child.entries;
    }

    /** Entries of the data table: wchs's "Total watches". */
    public int dataWatchCount() {
        return data.entries;
    }

    public int childWatchCount() {
        return child.entries;
    }

    /** Paths of the data table: wchs's "watching m paths". */
    public int pathCount() {
        return data.paths.size();
    }

    /** Watchers with at least one data-table entry: wchs's "n connections". */
    public int watcherCount() {
        return dataOwners;
    }

    /** Entries holding a recursive watch. */
    public int recursiveWatchCount() {
        return data.recursive;
    }

    /** True when the watcher holds any watch in either table. */
    public boolean hasWatches(long watcher) {
        return owners.containsKey(watcher);
    }

    /** The complete wchs reply (data table, as ZooKeeper): summary line, total, newline. */
    public String wchs() {
        return dataOwners + " connections watching " + data.paths.size() + " paths\n"
                + "Total watches:" + data.entries + "\n";
    }

    /** The complete wchc reply: per watcher of the data table, {@code 0x<sid>} then tab-indented paths. */
    public String wchc() {
        StringBuilder out = new StringBuilder();
        long[] watchers = new long[owners.size()];
        int count = 0;
        for (int slot = 0; slot < owners.capacity(); slot++) {
            Owner owner = owners.valueAt(slot);
            if (owner != null && !owner.dataPaths.isEmpty()) {
                watchers[count++] = owners.keyAt(slot);
            }
        }
        long[] sorted = Arrays.copyOf(watchers, count);
        Arrays.sort(sorted);
        for (long watcher : sorted) {
            out.append("0x").append(Long.toHexString(watcher)).append('\n');
            String[] paths = owners.get(watcher).dataPaths.toArray(new String[0]);
            Arrays.sort(paths);
            for (String path : paths) {
                out.append('\t').append(path).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    /** The complete wchp reply: per data-table path, the path then tab-indented {@code 0x<sid>} lines. */
    public String wchp() {
        StringBuilder out = new StringBuilder();
        String[] paths = data.paths.keySet().toArray(new String[0]);
        Arrays.sort(paths);
        for (String path : paths) {
            out.append(path).append('\n');
            LongMap<Byte> modes = data.paths.get(path).modes;
            long[] watchers = new long[modes.size()];
            int count = 0;
            for (int slot = 0; slot < modes.capacity(); slot++) {
                if (modes.valueAt(slot) != null) {
                    watchers[count++] = modes.keyAt(slot);
                }
            }
            Arrays.sort(watchers);
            for (long watcher : watchers) {
                out.append("\t0x").append(Long.toHexString(watcher)).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    /** One watch of a watcher, for the admin API: the path and its kinds ({@code data}, {@code children}, ...). */
    public record WatchDetail(String path, List<String> kinds) {}

    /** A watcher's watches, sorted by path. */
    public record WatcherDetail(long watcher, List<WatchDetail> watches) {}

    /**
     * Every watcher's watches (wchc's detail with the kind of each watch: {@code data} for a
     * one-shot getData/exists watch, {@code children} for a one-shot getChildren watch,
     * {@code persistent}, {@code recursive}), watchers by id and paths sorted. Stops after
     * {@code watchesMax} paths in all, so that a node with millions of watches answers in bounded time.
     */
    public List<WatcherDetail> detail(int watchesMax) {
        long[] watchers = new long[owners.size()];
        int count = 0;
        for (int slot = 0; slot < owners.capacity(); slot++) {
            if (owners.valueAt(slot) != null) {
                watchers[count++] = owners.keyAt(slot);
            }
        }
        long[] sorted = Arrays.copyOf(watchers, count);
        Arrays.sort(sorted);
        List<WatcherDetail> out = new ArrayList<>(count);
        int left = watchesMax;
        for (long watcher : sorted) {
            if (left <= 0) {
                break;
            }
            Owner owner = owners.get(watcher);
            java.util.TreeSet<String> paths = new java.util.TreeSet<>(owner.dataPaths);
            paths.addAll(owner.childPaths);
            List<WatchDetail> watches = new ArrayList<>(Math.min(paths.size(), left));
            for (String path : paths) {
                if (left-- <= 0) {
                    break;
                }
                watches.add(new WatchDetail(path, kinds(data.modes(path, watcher), child.modes(path, watcher))));
            }
            out.add(new WatcherDetail(watcher, watches));
        }
        return out;
    }

    /** The names of the modes a watcher holds on one path; a persistent watch sits in both tables and is named once. */
    private static List<String> kinds(int dataModes, int childModes) {
        List<String> kinds = new ArrayList<>(3);
        if ((dataModes & WatchTable.STANDARD) != 0) {
            kinds.add("data");
        }
        if ((childModes & WatchTable.STANDARD) != 0) {
            kinds.add("children");
        }
        if (((dataModes | childModes) & WatchTable.PERSISTENT) != 0) {
            kinds.add("persistent");
        }
        if ((dataModes & WatchTable.RECURSIVE) != 0) {
            kinds.add("recursive");
        }
        return kinds;
    }

    /** The modes (bit set of {@link WatchTable} constants) a watcher holds on a path of the data table. */
    int dataModes(String path, long watcher) {
        return data.modes(path, watcher);
    }

    int childModes(String path, long watcher) {
        return child.modes(path, watcher);
    }

    // ---- table and reverse-index maintenance -------------------------------------------

    private boolean add(WatchTable table, String path, long watcher, int mode) {
        int old = table.add(path, watcher, mode);
        if (old == 0) {
            Owner owner = owners.get(watcher);
            if (owner == null) {
                owner = new Owner();
                owners.put(watcher, owner);
            }
            Set<String> paths = owner.paths(table == data);
            if (table == data && paths.isEmpty()) {
                dataOwners++;
            }
            if (!paths.add(path)) {
                throw new IllegalStateException("reverse index already had " + path);
            }
        }
        return (old | mode) != old;
    }

    /** Clears modes of an entry and, when the entry disappears, its reverse-index record. */
    private int clear(WatchTable table, String path, long watcher, int mask) {
        int old = table.clear(path, watcher, mask);
        if (old != 0 && (old & ~mask) == 0) {
            forget(table, path, watcher);
        }
        return old;
    }

    /** Removes {@code path} from the watcher's reverse index for {@code table}. */
    private void forget(WatchTable table, String path, long watcher) {
        Owner owner = owners.get(watcher);
        if (owner == null) {
            throw new IllegalStateException("no reverse index for 0x" + Long.toHexString(watcher));
        }
        boolean isData = table == data;
        Set<String> paths = owner.paths(isData);
        if (!paths.remove(path)) {
            throw new IllegalStateException("reverse index of 0x" + Long.toHexString(watcher) + " lacks " + path);
        }
        if (isData && paths.isEmpty()) {
            dataOwners--;
        }
        if (owner.dataPaths.isEmpty() && owner.childPaths.isEmpty()) {
            owners.remove(watcher);
        }
    }

    /** The paths one watcher has entries on, per table. */
    private static final class Owner {
        final Set<String> dataPaths = new HashSet<>(4);
        final Set<String> childPaths = new HashSet<>(4);

        Set<String> paths(boolean isData) {
            return isData ? dataPaths : childPaths;
        }
    }
}
