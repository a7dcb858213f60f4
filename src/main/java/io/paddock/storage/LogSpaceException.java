package io.paddock.storage;

import java.io.IOException;

/**
 * The log could not reserve disk space for a batch (typically: no space left on the device).
 * Thrown before any byte of the batch was written, so the log stays healthy: the batch is
 * simply not in it, and a later append may succeed once space returns. Distinct from a failed
 * write or fsync, after which the log refuses everything.
 */
public final class LogSpaceException extends IOException {
    private static final long serialVersionUID = 1L;

    public LogSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
