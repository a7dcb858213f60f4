package io.paddock.wire.jute;

/**
 * A client frame that cannot be decoded: it ends early, carries a length that is negative
 * (other than -1), larger than the frame or larger than {@code jute.maxbuffer}, a multi with a
 * sub-op type that its kind does not allow, a watcher type or addWatch mode out of range, or a
 * null where the server needs a value.
 *
 * <p>{@link #headerRead()} tells the connection what ZooKeeper does next: when the
 * RequestHeader was read, the reference server answers {@code MARSHALLINGERROR} with the
 * request's xid and keeps the connection (reads fail in FinalRequestProcessor, writes become an
 * error txn in PrepRequestProcessor); auth (100) and sasl (102) bodies are decoded while the
 * packet is read, so for those, and for frames without a complete header or a bad
 * ConnectRequest, the connection is closed without a reply.
 *
 * <p>Checked, so that a decoder's caller cannot forget it; the stack trace is not filled in
 * because a hostile client can make these cheaply and often.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean headerRead;
    private final int xid;
    private final int opcode;

    /** A failure before (or without) a RequestHeader. */
    public MalformedFrameException(String message) {
        this(message, false, 0, 0);
    }

    private MalformedFrameException(String message, boolean headerRead, int xid, int opcode) {
        super(message, null, false, false);
        this.headerRead = headerRead;
        this.xid = xid;
        this.opcode = opcode;
    }

    /** The same failure, now known to belong to the request {@code xid}/{@code opcode}. */
    public MalformedFrameException withHeader(int requestXid, int requestOpcode) {
        return new MalformedFrameException(getMessage(), true, requestXid, requestOpcode);
    }

    /** True when xid and opcode were read, so a MARSHALLINGERROR reply can name the request. */
    public boolean headerRead() {
        return headerRead;
    }

    /** The request's xid; meaningful only when {@link #headerRead()}. */
    public int xid() {
        return xid;
    }

    /** The request's opcode; meaningful only when {@link #headerRead()}. */
    public int opcode() {
        return opcode;
    }
}
