package io.paddock.model;

/** The first frame of a client connection. {@code readOnly} is false when the client omitted it. */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeoutMs, long sessionId,
                             byte[] passwd, boolean readOnly, boolean readOnlyPresent) {
}
