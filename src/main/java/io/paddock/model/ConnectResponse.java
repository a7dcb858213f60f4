package io.paddock.model;

/** The reply to a ConnectRequest; timeout 0 and session 0 mean "expired". */
public record ConnectResponse(int protocolVersion, int timeoutMs, long sessionId, byte[] passwd,
                              boolean readOnly) {
}
