package io.paddock.node.bus;

import io.vertx.core.eventbus.EventBus;

/** Event-bus addresses of a node, and registration of the local codecs. */
public final class Bus {
    private Bus() {}

    public static final String REPLICATION_WRITE = "paddock.replication.write";
    public static final String REPLICATION_SYNC = "paddock.replication.sync";
    public static final String REPLICATION_TOUCHED = "paddock.replication.touched";
    public static final String REPLICATION_SESSION_GONE = "paddock.replication.session-gone";
    /** Request (an ElectionState): persist it; the reply (any body) says it is durable. */
    public static final String ELECTION_PERSIST = "paddock.election.persist";
    /** Published: every applied batch ({@link Msg.AppliedBatch}). */
    public static final String APPLIED = "paddock.applied";
    /** Published: the node's role, leader, epoch or serving state changed ({@link Msg.Status}). */
    public static final String STATUS = "paddock.status";
    public static final String CLIENT_REJECTED = "paddock.client.rejected";
    public static final String CLIENT_SYNC_DONE = "paddock.client.sync-done";
    /** Request (any body): take a snapshot of the newest applied tree now; replies with its zxid (Long). */
    public static final String SNAPSHOT_NOW = "paddock.snapshot.now";
    /** Request (any body): purge old snapshots and log segments now; replies with files deleted (Integer). */
    public static final String PURGE_NOW = "paddock.snapshot.purge";

    /** Default codecs match the exact class, so every permitted record gets its own. */
    public static void registerCodecs(EventBus bus) {
        for (Class<?> type : Msg.class.getPermittedSubclasses()) {
            register(bus, type);
        }
        register(bus, io.paddock.consensus.ElectionState.class);
    }

    private static <T> void register(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new LocalCodec<>(type));
    }
}
