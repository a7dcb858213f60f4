package io.paddock.wire.peer;

/**
 * Bytes from a peer that are not a frame {@link PeerFrames} wrote: the only exception its
 * decoders throw for bad input, whatever the damage. The {@link #reason()} says which check
 * failed, the message gives the detail (sizes, the type or version seen).
 *
 * <p>Checked, so that the transport cannot forget to close the connection it came from; the
 * stack trace is not filled in, because a broken or hostile peer can make these cheaply and often.
 */
public final class MalformedPeerFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which check rejected the bytes. */
    public enum Reason {
        /** Fewer bytes than the length field promises (or fewer than a length field). */
        TRUNCATED,
        /** More bytes than the length field covers, in a call that decodes exactly one frame. */
        TRAILING_BYTES,
        /** A length field too small to hold the frame header. */
        BAD_LENGTH,
        /** A length field above {@link PeerFrames#FRAME_LENGTH_MAX}. */
        OVERSIZE,
        /** A frame version this node does not speak. */
        UNKNOWN_VERSION,
        /** The crc32c over version, type and payload does not match. */
        BAD_CRC,
        /** A frame type or message tag this node does not know. */
        UNKNOWN_TYPE,
        /** A payload that passed its crc but does not decode: a count out of range, a bad boolean, trailing bytes. */
        BAD_PAYLOAD
    }

    private final Reason reason;

    public MalformedPeerFrameException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
