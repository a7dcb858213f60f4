package io.paddock.cli;

/**
 * No connection to any server of {@code --server}, or the connection was lost while a
 * command waited for its reply. The message is the whole sentence the user sees, e.g.
 * {@code cannot connect to 127.0.0.1:1: Connection refused}. Exit code 3.
 */
final class ConnectionException extends Exception {
    private static final long serialVersionUID = 1L;

    ConnectionException(String message) {
        super(message, null, false, false);
    }
}
