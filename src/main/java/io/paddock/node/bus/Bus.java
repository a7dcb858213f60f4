package io.paddock.node.bus;

import io.vertx.core.eventbus.EventBus;

/** Event-bus addresses of a node, and registration of the local codecs. */
public final class Bus {
    private Bus() {}

    public static final String REPLICATION_WRITE = "paddock.replication.write";
    public static final String REPLICATION_ELECTED = "paddock.replication.elected";
    public static final String APPLIED = "paddock.applied";
    public static final String CLIENT_REJECTED = "paddock.client.rejected";
    public static final String CLIENT_SERVING = "paddock.client.serving";

    /** Default codecs match the exact class, so every permitted record gets its own. */
    public static void registerCodecs(EventBus bus) {
        for (Class<?> type : Msg.class.getPermittedSubclasses()) {
            register(bus, type);
        }
    }

    private static <T> void register(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new LocalCodec<>(type));
    }
}
