package io.paddock.sim.check;

/**
 * What the client learned about one operation.
 *
 * <p>Immutable constants, usable from any thread.
 */
public enum Outcome {
    /**
     * A reply came back: success or a ZooKeeper error code (NONODE, BADVERSION, NODEEXISTS).
     * The operation's output must be explained by the model.
     */
    OK,
    /**
     * Definitely had no effect and returned nothing to explain (for example, rejected by the
     * client library before it was sent). The checker ignores it; a recorder may also leave it out.
     */
    FAILED,
    /**
     * No reply (connection loss, timeout, session expiry while waiting): it may have taken
     * effect at any time after its invocation, even after later operations, or never.
     */
    INDETERMINATE
}
