package io.paddock.wire.json;

import io.paddock.model.ErrorCode;

/**
 * The error codes of the WebSocket protocol and how each is written: every error goes out as
 * {@code {"code": NAME, "zkCode": N or null, "message": text}}. ZooKeeper's own errors keep their
 * {@code KeeperException.Code} name and number ({@code NONODE}, -101). The protocol's own codes
 * carry the number a ZooKeeper server would have answered where there is one (an undecodable
 * request is MARSHALLINGERROR, -5, an unknown op UNIMPLEMENTED, -6) and null where there is none.
 * docs/websocket-protocol.md lists them all. Stateless.
 */
public final class JsonErrors {
    private JsonErrors() {}

    /** The message is not JSON, or not a JSON object (zkCode -5). */
    public static final String BAD_JSON = "BAD_JSON";
    /** A field is missing, of the wrong type or out of range (zkCode -5). */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    /** The op is not one the protocol knows (zkCode -6). */
    public static final String UNKNOWN_OP = "UNKNOWN_OP";
    /** The message, or the znode data it carries, is over the node's limit (zkCode null). */
    public static final String TOO_LARGE = "TOO_LARGE";
    /** A request before the connect message was answered (zkCode null). */
    public static final String NOT_CONNECTED = "NOT_CONNECTED";
    /** A second connect message on a connection that already has a session (zkCode null). */
    public static final String ALREADY_CONNECTED = "ALREADY_CONNECTED";

    /** The ZooKeeper number that goes with a protocol code, or null. */
    static Integer zkCodeOf(String code) {
        return switch (code) {
            case BAD_JSON, BAD_REQUEST -> ErrorCode.MARSHALLINGERROR;
            case UNKNOWN_OP -> ErrorCode.UNIMPLEMENTED;
            default -> null;
        };
    }

    /** The name of a ZooKeeper (or Paddock, below -1000) error number, as the protocol writes it. */
    static String nameOf(int err) {
        return ErrorCode.name(err);
    }

    /** The ZooKeeper number of an error number: null for Paddock's own (below -1000). */
    static Integer zkCodeOf(int err) {
        return err <= -1000 ? null : err;
    }

    /** A sentence saying what a ZooKeeper error means, for the message of an error reply. */
    static String describe(int err) {
        return switch (err) {
            case ErrorCode.OK -> "this op was fine, but another op of the multi failed, so none was applied";
            case ErrorCode.NONODE -> "the znode does not exist";
            case ErrorCode.NODEEXISTS -> "the znode already exists";
            case ErrorCode.BADVERSION -> "the version does not match";
            case ErrorCode.NOTEMPTY -> "the znode has children";
            case ErrorCode.NOAUTH -> "not authorized by the znode's ACL";
            case ErrorCode.NOCHILDRENFOREPHEMERALS -> "ephemeral znodes cannot have children";
            case ErrorCode.BADARGUMENTS -> "bad arguments (path, mode, ttl or version)";
            case ErrorCode.INVALIDACL -> "the ACL is invalid";
            case ErrorCode.AUTHFAILED -> "authentication failed";
            case ErrorCode.NOWATCHER -> "no such watch";
            case ErrorCode.UNIMPLEMENTED -> "not implemented by this server";
            case ErrorCode.SYSTEMERROR -> "the server could not perform the write (for example, its disk is full)";
            case ErrorCode.MARSHALLINGERROR -> "the request could not be decoded";
            case ErrorCode.SESSIONEXPIRED -> "the session has expired";
            case ErrorCode.SESSIONMOVED -> "the session moved to another connection";
            case ErrorCode.RECONFIGDISABLED -> "reconfiguration is disabled";
            case ErrorCode.RUNTIMEINCONSISTENCY -> "not run: an earlier op of the multi failed";
            case ErrorCode.HISTORY_GONE -> "the node no longer holds the watch history from that zxid; "
                    + "re-read, then resume from oldestZxid or later";
            case ErrorCode.ZXID_AHEAD -> "this node has not applied that zxid yet";
            case ErrorCode.HISTORY_BUSY -> "too many watch resumes are reading old history from disk; try again shortly";
            default -> "error " + err;
        };
    }
}
