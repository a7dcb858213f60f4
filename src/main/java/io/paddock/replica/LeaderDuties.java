package io.paddock.replica;

import io.paddock.session.SessionTracker;
import io.paddock.tree.DataTree;
import io.paddock.tree.SessionInfo;
import java.util.List;

/**
 * What only the serving leader does, once, for the whole ensemble: session expiry (from the
 * liveness every node reports for the sessions connected to it) and the sweeps for empty
 * containers and expired TTL znodes. Each produces txns the leader proposes like any write.
 *
 * <p>Created when a leader starts serving (every session known to the tree gets a full
 * timeout from then, as ZooKeeper's new leaders do), dropped when it stops. Confined to the
 * replica's thread; time is the shell's milliseconds passed in.
 */
final class LeaderDuties {
    private final SessionTracker tracker;
    private final ReplicaConfig config;
    private int containerTicks;
    private int ttlTicks;

    LeaderDuties(ReplicaConfig config, DataTree tree, long nowMs) {
        this.config = config;
        this.tracker = new SessionTracker(config.sessionTickMs());
        for (SessionInfo session : tree.sessions()) {
            tracker.add(session.sessionId(), session.timeoutMs(), nowMs);
        }
    }

    void touch(long sessionId, long nowMs) {
        tracker.touch(sessionId, nowMs);
    }

    void created(long sessionId, int timeoutMs, long nowMs) {
        tracker.add(sessionId, timeoutMs, nowMs);
    }

    void closed(long sessionId) {
        tracker.remove(sessionId);
    }

    /** Sessions whose timeout passed without a touch; each is reported once. */
    List<Long> expired(long nowMs) {
        return tracker.expired(nowMs);
    }

    /** Containers to delete this tick (empty unless a sweep is due). */
    List<String> containersDue(DataTree tree) {
        if (++containerTicks < config.containerCheckTicks()) {
            return List.of();
        }
        containerTicks = 0;
        return tree.reapableContainers(config.reapMaxPerSweep());
    }

    /** Expired TTL znodes to delete this tick (empty unless a sweep is due). */
    List<String> ttlsDue(DataTree tree, long nowMs) {
        if (++ttlTicks < config.ttlCheckTicks()) {
            return List.of();
        }
        ttlTicks = 0;
        return tree.expiredTtls(nowMs, config.reapMaxPerSweep());
    }

    int sessionCount() {
        return tracker.size();
    }
}
