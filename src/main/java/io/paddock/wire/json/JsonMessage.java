package io.paddock.wire.json;

import io.paddock.model.ConnectRequest;
import io.paddock.model.Request;

/**
 * One decoded client message of the WebSocket protocol ({@link JsonRequests#decode}).
 * {@code id} is the client's request id as sent (a Long or a String), or null when it had none
 * or it could not be read. Immutable; byte arrays inside are owned.
 */
public sealed interface JsonMessage {
    Object id();

    /** The handshake: open a new session, or reattach to one with its id and password. */
    record Connect(Object id, ConnectRequest connect) implements JsonMessage {}

    /**
     * A request of the session: {@code op} is its protocol name ("getData"), {@code request} the
     * same model record the ZooKeeper protocol decodes to, and {@code base64} says that the client
     * wants znode data in replies as base64 even when it is valid UTF-8.
     */
    record Op(Object id, String op, Request request, boolean base64) implements JsonMessage {}

    /** A message that cannot be acted on: answered with a typed error, the connection stays open. */
    record Invalid(Object id, String code, String message) implements JsonMessage {}
}
