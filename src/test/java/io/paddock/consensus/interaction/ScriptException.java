package io.paddock.consensus.interaction;

/**
 * A script that cannot run as written: an unknown command or node, a malformed argument, a
 * missing {@code ----} separator. The message names the file, the line and the command, so the
 * author can fix the script without reading the harness.
 *
 * <p>Thrown on the test's thread; carries no state beyond its message.
 */
final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
        super(message);
    }
}
