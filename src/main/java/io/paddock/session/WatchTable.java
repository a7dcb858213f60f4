package io.paddock.session;

import java.util.HashMap;

/**
 * One of ZooKeeper's two watch tables (data or child): path -&gt; watcher -&gt; mode bits.
 *
 * <p>An entry is one (path, watcher) pair holding a non-empty set of modes ({@link #STANDARD},
 * {@link #PERSISTENT}, {@link #RECURSIVE}); like ZooKeeper's {@code WatchStats}, a watcher with a
 * standard and a persistent watch on one path is one entry, and counts as one watch. This class
 * keeps the counts only; the reverse index (watcher -&gt; paths) lives in {@link WatchManager},
 * which learns from the returned old modes when an entry appears or disappears.
 *
 * <p>Single-threaded. Invariants: no path maps to an empty {@link PathWatchers}; no entry has
 * modes 0; {@code entries} and {@code recursive} equal the sums over all paths.
 */
final class WatchTable {
    static final int STANDARD = 1;
    static final int PERSISTENT = 2;
    static final int RECURSIVE = 4;
    static final int ALL = STANDARD | PERSISTENT | RECURSIVE;

    final HashMap<String, PathWatchers> paths = new HashMap<>();
    /** Number of (path, watcher) entries. */
    int entries;
    /** Number of entries holding the RECURSIVE mode. */
    int recursive;

    /** The modes {@code watcher} holds on {@code path}, 0 when none. */
    int modes(String path, long watcher) {
        PathWatchers watchers = paths.get(path);
        return watchers == null ? 0 : watchers.modes(watcher);
    }

    /** Adds {@code mode} to the watcher's entry on {@code path}; returns the modes it had before. */
    int add(String path, long watcher, int mode) {
        PathWatchers watchers = paths.get(path);
        if (watchers == null) {
            watchers = new PathWatchers();
            paths.put(path, watchers);
        }
        int old = watchers.modes(watcher);
        int updated = old | mode;
        if (updated != old) {
            watchers.set(watcher, old, updated);
            account(old, updated);
        }
        return old;
    }

    /**
     * Clears the {@code mask} modes of the watcher's entry on {@code path}, dropping the entry
     * (and the path) when nothing is left; returns the modes it had before (0 when absent).
     */
    int clear(String path, long watcher, int mask) {
        PathWatchers watchers = paths.get(path);
        if (watchers == null) {
            return 0;
        }
        int old = watchers.modes(watcher);
        int updated = old & ~mask;
        if (updated != old) {
            watchers.set(watcher, old, updated);
            account(old, updated);
            if (watchers.size() == 0) {
                paths.remove(path);
            }
        }
        return old;
    }

    /** Drops a whole path whose entries are all STANDARD only (the caller fixed its reverse index). */
    void dropStandardOnly(String path, PathWatchers watchers) {
        if (watchers.persistent != 0 || watchers.recursive != 0) {
            throw new IllegalStateException("path " + path + " still has persistent watches");
        }
        PathWatchers removed = paths.remove(path);
        if (removed != watchers) {
            throw new IllegalStateException("path " + path + " is not in this table");
        }
        entries -= watchers.size();
    }

    private void account(int old, int updated) {
        if (old == 0) {
            entries++;
        } else if (updated == 0) {
            entries--;
        }
        recursive += bit(updated, RECURSIVE) - bit(old, RECURSIVE);
    }

    static int bit(int modes, int mode) {
        return (modes & mode) != 0 ? 1 : 0;
    }

    /** The watchers of one path with their modes, and how many hold each mode. */
    static final class PathWatchers {
        final LongMap<Byte> modes = new LongMap<>(2);
        int standard;
        int persistent;
        int recursive;

        int size() {
            return modes.size();
        }

        int modes(long watcher) {
            Byte value = modes.get(watcher);
            return value == null ? 0 : value;
        }

        void set(long watcher, int old, int updated) {
            if (updated == 0) {
                modes.remove(watcher);
            } else {
                // Byte.valueOf returns cached instances: no allocation.
                modes.put(watcher, Byte.valueOf((byte) updated));
            }
            standard += bit(updated, STANDARD) - bit(old, STANDARD);
            persistent += bit(updated, PERSISTENT) - bit(old, PERSISTENT);
            recursive += bit(updated, RECURSIVE) - bit(old, RECURSIVE);
        }
    }
}
