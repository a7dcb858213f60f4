package io.paddock.consensus;

import io.paddock.model.TxnEntry;
import java.util.List;

/**
 * What the shell must do next, in this order (etcd's Ready contract): persist
 * {@code entriesToPersist} (and {@code epochToPersist} when non-negative) and report back with
 * {@link ReplicaCore#persisted}; apply {@code entriesToApply} to the tree in order. Messages to
 * peers join here when the cluster arrives. Lists are owned by the Ready and never mutated.
 */
public record Ready(List<TxnEntry> entriesToPersist, List<TxnEntry> entriesToApply) {
    public boolean isEmpty() {
        return entriesToPersist.isEmpty() && entriesToApply.isEmpty();
    }
}
