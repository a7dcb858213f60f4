package io.paddock.session;

/**
 * The session id generator of one server, ZooKeeper's layout: the first id is
 * {@code (serverId << 56) | ((nowMs << 24) >>> 8)} and each next id is the previous one plus 1.
 * Ids are never 0 and never {@link Long#MIN_VALUE} (the container ephemeral-owner marker).
 *
 * <p>The time part only makes ids unique across restarts if the clock moved forward, so after
 * recovery the caller feeds every recovered session id to {@link #advancePast(long)}; ids with a
 * different top byte (another server's prefix) cannot collide with ours and are ignored.
 *
 * <p>Single-threaded. Invariant: {@code next} is neither 0 nor Long.MIN_VALUE.
 */
public final class SessionIds {
    private final int serverId;
    private long next;

    /** A generator whose first id is {@link #initial(int, long)}. */
    public SessionIds(int serverId, long nowMs) {
        this.serverId = serverId;
        this.next = skipReserved(initial(serverId, nowMs));
    }

    /**
     * ZooKeeper's first session id for a server started at {@code nowMs}. The server id must be
     * in 0..254: a top byte of 0xFF would collide with the TTL ephemeral-owner encoding.
     */
    public static long initial(int serverId, long nowMs) {
        if (serverId < 0 || serverId > 254) {
            throw new IllegalStateException("serverId must be in 0..254: " + serverId);
        }
        return ((long) serverId << 56) | ((nowMs << 24) >>> 8);
    }

    /** The id the next call to {@link #next()} returns. */
    public long peek() {
        return next;
    }

    public long next() {
        long id = next;
        next = skipReserved(id + 1);
        return id;
    }

    /** Ensures every later id is greater than {@code id} when {@code id} carries our prefix. */
    public void advancePast(long id) {
        if ((id >>> 56) != serverId) {
            return;
        }
        // Within one prefix the sign bit is shared, so signed comparison orders ids correctly.
        if (id >= next) {
            next = skipReserved(id + 1);
        }
    }

    private static long skipReserved(long id) {
        long candidate = id;
        while (candidate == 0 || candidate == Long.MIN_VALUE) {
            candidate++;
        }
        return candidate;
    }
}
