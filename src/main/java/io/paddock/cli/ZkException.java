package io.paddock.cli;

import io.paddock.model.ErrorCode;

/**
 * A ZooKeeper error code answered for a request on {@code path}, with zkCli's wording for the
 * common ones ({@code Node does not exist: /a/b}). Exit code 1.
 */
final class ZkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String path;

    ZkException(int code, String path) {
        this(code, path, message(code, path));
    }

    /** An error whose sentence the caller knows better (a TTL create refused, say). */
    ZkException(int code, String path, String message) {
        super(message, null, false, false);
        this.code = code;
        this.path = path;
    }

    int code() {
        return code;
    }

    String path() {
        return path;
    }

    /** zkCli's sentences (its CliWrapperException), and KeeperException's for the rest. */
    static String message(int code, String path) {
        return switch (code) {
            case ErrorCode.NONODE -> "Node does not exist: " + path;
            case ErrorCode.NODEEXISTS -> "Node already exists: " + path;
            case ErrorCode.NOTEMPTY -> "Node not empty: " + path;
            case ErrorCode.BADVERSION -> "version No is not valid : " + path;
            case ErrorCode.NOAUTH -> "Insufficient permission : " + path;
            case ErrorCode.BADARGUMENTS -> "Arguments are not valid : " + path;
            case ErrorCode.INVALIDACL -> "Acl is not valid : " + path;
            case ErrorCode.AUTHFAILED -> "Authentication is not valid : " + path;
            case ErrorCode.NOCHILDRENFOREPHEMERALS -> "Ephemerals cannot have children: " + path;
            case ErrorCode.SESSIONEXPIRED -> "Session expired for " + path;
            case ErrorCode.UNIMPLEMENTED -> "Operation is not implemented by the server: " + path;
            default -> "KeeperErrorCode = " + ErrorCode.name(code) + " for " + path;
        };
    }
}
