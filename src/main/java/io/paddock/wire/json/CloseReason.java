package io.paddock.wire.json;

import io.paddock.model.ErrorCode;

/**
 * Why the node closes a WebSocket connection, sent as the last message before the close
 * ({@code {"type": "closing", "error": {...}}}) so that a client knows whether to resume its
 * session elsewhere or give it up. Only {@link #SESSIONEXPIRED} and {@link #AUTHFAILED} end the
 * session for good; after every other reason the session lives on and can be resumed (on this
 * node or another) with its id and password.
 */
public enum CloseReason {
    /** The session expired, or was closed by another of its connections (final). */
    SESSIONEXPIRED(ErrorCode.SESSIONEXPIRED),
    /** The session was resumed on another connection. */
    SESSIONMOVED(ErrorCode.SESSIONMOVED),
    /** addAuth failed; ZooKeeper closes the connection then too (the session is not ended). */
    AUTHFAILED(ErrorCode.AUTHFAILED),
    /** The node has had no leader for {@code leaderlessHoldMs}: resume on another member. */
    NO_LEADER(null),
    /** A snapshot from the leader replaced the node's tree: resume (watches from their zxid). */
    TREE_REPLACED(null),
    /** The client has seen a zxid this node has not applied yet: try another member, or later. */
    ZXID_AHEAD(ErrorCode.ZXID_AHEAD),
    /** {@code maxClientCnxns} connections from this address are open already. */
    TOO_MANY_CONNECTIONS(null);

    /** The ZooKeeper (or Paddock) error number, or null when there is none. */
    final Integer err;

    CloseReason(Integer err) {
        this.err = err;
    }
}
