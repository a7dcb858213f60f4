package io.paddock.tree;

/**
 * A session as replicated state: created by a createSession txn, gone after closeSession.
 * {@code passwd} is owned and never mutated.
 */
public record SessionInfo(long sessionId, int timeoutMs, byte[] passwd) {
}
