package io.paddock.model;

/**
 * The client-visible Stat of a znode, in wire order (68 bytes on the wire).
 * {@code cversion} here is the visible value (2 * creations - numChildren) and
 * {@code ephemeralOwner} is 0 for containers and TTL nodes.
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
                   int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
}
