package io.paddock.model;

/**
 * A txn with its header: the zxid that orders it, the session and client xid that asked for
 * it (sessionId 0 / cxid 0 for the node's own reaper txns), and the wall-clock time the leader
 * stamped on it (used for ctime/mtime and TTL expiry; never read from a clock by the core).
 */
public record TxnEntry(long zxid, long sessionId, int cxid, long timeMs, Txn txn) {
}
