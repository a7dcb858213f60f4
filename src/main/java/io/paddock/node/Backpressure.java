package io.paddock.node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Bounds the requests in flight (STYLE.md example 10, ZooKeeper's disableRecv/enableRecv): a
 * connection with too many unanswered requests stops being read, and so does every connection
 * that sends while the node as a whole has too many (ZooKeeper's globalOutstandingLimit); each
 * is read again once below half of its limit. The bound reaches the client through its
 * transport's flow control (TCP, under a WebSocket too).
 *
 * <p>Runs on the node's event loop. Invariant: {@link #paused} holds exactly the connections
 * whose reading this class paused and has not resumed.
 */
final class Backpressure {
    private final int perConnectionMax;
    private final int globalMax;
    private final Set<Connection> paused = new LinkedHashSet<>();

    Backpressure(int perConnectionMax, int globalMax) {
        this.perConnectionMax = perConnectionMax;
        this.globalMax = globalMax;
    }

    /** Pauses or resumes after {@code connection}'s pipeline changed; {@code outstanding} is node-wide. */
    void check(Connection connection, int outstanding) {
        int queued = connection.pipeline.size();
        boolean over = queued >= perConnectionMax || outstanding >= globalMax;
        if (!connection.pausedForBacklog && over) {
            connection.pausedForBacklog = true;
            connection.pauseReading();
            paused.add(connection);
        } else if (connection.pausedForBacklog && queued <= perConnectionMax / 2 && outstanding <= globalMax / 2) {
            resume(connection);
        }
        if (!paused.isEmpty() && outstanding <= globalMax / 2) {
            for (Connection other : new ArrayList<>(paused)) {
                if (other.pipeline.size() <= perConnectionMax / 2) {
                    resume(other);
                }
            }
        }
    }

    void forget(Connection connection) {
        paused.remove(connection);
    }

    private void resume(Connection connection) {
        connection.pausedForBacklog = false;
        paused.remove(connection);
        if (connection.state != Connection.State.CLOSED) {
            connection.resumeReading();
        }
    }
}
