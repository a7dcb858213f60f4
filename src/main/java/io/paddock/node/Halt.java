package io.paddock.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fail-stop: what a node does when it must not go on (a failed invariant check, a failed fsync
 * on a cluster node). A process exits at once with the cause logged, never serving another
 * request; an in-JVM test node is stopped instead and the cause recorded. Installed as the
 * Vert.x exception handler, so an exception thrown on the event loop is never logged and
 * swallowed.
 */
public interface Halt {
    Logger LOG = LoggerFactory.getLogger(Halt.class);

    void halt(String reason, Throwable cause);

    /** The process's halt: logs and exits with status 70 (EX_SOFTWARE), skipping shutdown hooks. */
    Halt PROCESS = (reason, cause) -> {
        LOG.error("HALT: {}", reason, cause);
        System.err.println("paddock: halted: " + reason + (cause == null ? "" : ": " + cause));
        System.err.flush();
        Runtime.getRuntime().halt(70);
    };
}
