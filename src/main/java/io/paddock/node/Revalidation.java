package io.paddock.node;

import java.util.HashMap;
import java.util.Map;

/**
 * Reattaching to a session this node does not know. The session may have been created through
 * another node after this one last applied, so before calling it expired, the node catches up
 * with the leader's commit point (a sync, confirmed by a quorum heartbeat round, then applied)
 * and looks again, as ZooKeeper's followers ask the leader to revalidate. A leader never needs
 * to: it has applied every committed session. Frames that arrive meanwhile wait in the
 * connection, as while a session is created.
 *
 * <p>Confined to the event loop. Invariant: a connection is waiting here at most once, and only
 * while it is CONNECTING.
 */
final class Revalidation {
    /** The cxid of the revalidating sync: negative, so never a client's. */
    static final int CXID = Integer.MIN_VALUE;

    private final Map<Long, Connection> waiting = new HashMap<>();
    private final Map<Connection, Runnable> then = new HashMap<>();

    /** Starts waiting; returns an earlier connection that waited for the same session (it must close), or null. */
    Connection start(Connection connection, long sessionId, Runnable lookAgain) {
        connection.state = Connection.State.CONNECTING;
        connection.revalidated = true;
        then.put(connection, lookAgain);
        Connection previous = waiting.put(sessionId, connection);
        if (previous != null && previous != connection) {
            then.remove(previous);
            return previous;
        }
        return null;
    }

    /** The sync for {@code sessionId} is answered: the waiting connection looks the session up again. */
    void done(long sessionId) {
        Connection connection = waiting.remove(sessionId);
        Runnable lookAgain = connection == null ? null : then.remove(connection);
        if (lookAgain != null && connection.state == Connection.State.CONNECTING) {
            connection.state = Connection.State.NEW;
            lookAgain.run();
        }
    }

    void forget(Connection connection) {
        if (then.remove(connection) != null) {
            waiting.values().remove(connection);
        }
    }
}
