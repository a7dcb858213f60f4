package io.paddock.model;

/**
 * The stored ephemeralOwner encodings: a session id for ephemerals, {@link #CONTAINER} for
 * containers, {@code 0xFF00_0000_0000_0000 | ttlMs} for TTL nodes, 0 for plain persistent nodes.
 * Clients see 0 for containers and TTL nodes.
 */
public final class EphemeralOwner {
    private EphemeralOwner() {}

    public static final long CONTAINER = Long.MIN_VALUE;
    public static final long TTL_MASK = 0xFF00_0000_0000_0000L;
    public static final long TTL_MAX_MS = 0xFF_FFFF_FFFFL;

    public static long ttl(long ttlMs) {
        return TTL_MASK | ttlMs;
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    public static boolean isTtl(long owner) {
        return owner != CONTAINER && (owner & TTL_MASK) == TTL_MASK;
    }

    public static long ttlMs(long owner) {
        return owner & TTL_MAX_MS;
    }

    /** A real session owner: neither persistent (0), container nor TTL. */
    public static boolean isEphemeral(long owner) {
        return owner != 0 && !isContainer(owner) && !isTtl(owner);
    }

    /** The value a client sees in Stat.ephemeralOwner. */
    public static long visible(long owner) {
        return isEphemeral(owner) ? owner : 0;
    }
}
