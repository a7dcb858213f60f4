package io.paddock.replica;

import io.paddock.consensus.CoreConfig;

/**
 * The fixed settings of one {@link Replica}: its consensus core's, and the tree-level duties of
 * a leader, with time in ticks of the core (one tick = {@code tickLengthMs} of the shell's
 * clock, which only turns tick counts into the milliseconds sessions are measured in).
 *
 * @param core the consensus core's settings
 * @param sessionTickMs ZooKeeper's tickTime: session deadlines are rounded up to a multiple of it
 * @param extendedTypesEnabled TTL znodes allowed (ZooKeeper's extendedTypesEnabled)
 * @param containerCheckTicks ticks between sweeps for empty containers
 * @param ttlCheckTicks ticks between sweeps for expired TTL znodes
 * @param reapMaxPerSweep most deletions one sweep proposes
 * @param pendingMax most local writes and syncs held while there is no leader to take them
 */
public record ReplicaConfig(CoreConfig core, int sessionTickMs, boolean extendedTypesEnabled,
                            int containerCheckTicks, int ttlCheckTicks, int reapMaxPerSweep, int pendingMax) {
    public ReplicaConfig {
        if (sessionTickMs <= 0 || containerCheckTicks <= 0 || ttlCheckTicks <= 0 || reapMaxPerSweep <= 0
                || pendingMax <= 0) {
            throw new IllegalStateException("replica settings must be positive");
        }
    }
}
