package io.paddock.sim;

/**
 * One client operation in a simulated run's history, as the client saw it: what it asked, when
 * (simulated ms), and how it ended. A write whose outcome the client never learned (its
 * connection went away) is {@link Outcome#INDETERMINATE}: it may or may not have taken effect.
 * Mutable while the operation is in flight; complete afterwards.
 */
final class SimOp {
    enum Kind { CREATE, DELETE, SET, CAS, GET, STRICT_GET, CREATE_EPHEMERAL, CLOSE }

    enum Outcome { PENDING, OK, ERROR, INDETERMINATE }

    final int client;
    final long session;
    final Kind kind;
    final String key;
    /** The value written (unique per write), or null. */
    final String value;
    /** The expected version (-1: any) of a delete, set or CAS. */
    final int version;
    final long invokeMs;
    long completeMs = Long.MAX_VALUE;
    Outcome outcome = Outcome.PENDING;
    /** A ZooKeeper error code when {@code outcome == ERROR}. */
    int err;
    /** What a read returned: the value and version, or NONODE as {@code err}. */
    String readValue;
    int readVersion = -1;
    /** The new data version after a set or CAS. */
    int newVersion = -1;
    long zxid = -1;
    /** For a write: the session and client xid it was sent with (to find its txn). */
    int cxid;

    SimOp(int client, long session, Kind kind, String key, String value, int version, long invokeMs) {
        this.client = client;
        this.session = session;
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.version = version;
        this.invokeMs = invokeMs;
    }

    boolean isWrite() {
        return kind != Kind.GET && kind != Kind.STRICT_GET;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("client=").append(client).append(" session=0x")
                .append(Long.toHexString(session)).append(' ').append(kind).append('(').append(key);
        if (value != null) out.append(" v=").append(value);
        if (version != -2) out.append(" expect=").append(version);
        out.append(") [t=").append(invokeMs).append("..").append(completeMs == Long.MAX_VALUE ? "?" : completeMs)
                .append("] -> ").append(outcome);
        if (outcome == Outcome.ERROR) out.append(' ').append(err);
        if (readValue != null || kind == Kind.GET || kind == Kind.STRICT_GET) {
            out.append(" read=").append(readValue).append('/').append(readVersion);
        }
        if (newVersion >= 0) out.append(" newVersion=").append(newVersion);
        if (zxid >= 0) out.append(" zxid=0x").append(Long.toHexString(zxid));
        return out.toString();
    }
}
