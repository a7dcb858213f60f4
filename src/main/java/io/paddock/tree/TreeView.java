package io.paddock.tree;

import java.util.Collection;

/**
 * The read-only face of an applied tree, as the planner and the watch registry see it.
 * Implemented by {@link DataTree}; a pending-changes overlay reads through it.
 */
public interface TreeView {
    /** The znode at {@code path}, or null. */
    Znode node(String path);

    /** Names (not paths) of the children of {@code path}; empty when it has none or is absent. */
    Collection<String> childNames(String path);

    /** The live session with that id, or null. */
    SessionInfo session(long sessionId);

    /** Paths of the ephemerals owned by the session; empty when none. */
    Collection<String> ephemeralsOf(long sessionId);

    /** Zxid of the last applied txn. */
    long lastZxid();
}
