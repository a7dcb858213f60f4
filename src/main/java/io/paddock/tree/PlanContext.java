package io.paddock.tree;

import io.paddock.model.Id;
import java.util.List;

/**
 * What the planner needs besides the request: the session and client xid that sent it
 * ({@code sessionId} 0 for the node's own reaper; for createSession the new session's id), the
 * zxid the txn will get, the leader's wall-clock stamp for it, the caller's identities (the
 * connection's {@code ip} id, digest ids, and {@code super} when granted) and whether TTL
 * nodes are enabled ({@code zookeeper.extendedTypesEnabled}).
 *
 * <p>Immutable; {@code authIds} is not copied and must not be mutated by the caller.
 */
public record PlanContext(long sessionId, int cxid, long zxid, long timeMs, List<Id> authIds,
                          boolean extendedTypesEnabled) {
    public PlanContext {
        if (authIds == null) {
            throw new IllegalStateException("authIds must not be null (use List.of())");
        }
    }
}
