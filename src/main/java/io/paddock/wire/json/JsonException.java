package io.paddock.wire.json;

/**
 * A message the WebSocket protocol cannot act on: not JSON, a missing or ill-typed field, an
 * unknown op, or too large. Carries the protocol's error code ({@link JsonErrors}) and a message
 * naming what was wrong, for the typed error the node sends back; the connection stays open.
 * Immutable; thrown and caught on the connection's event loop.
 */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public JsonException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** One of the protocol's error codes, e.g. {@link JsonErrors#BAD_REQUEST}. */
    public String code() {
        return code;
    }
}
