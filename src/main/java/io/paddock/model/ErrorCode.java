package io.paddock.model;

/** ZooKeeper's {@code KeeperException.Code} values that a server may send, and Paddock's own (below -1000). */
public final class ErrorCode {
    private ErrorCode() {}

    public static final int OK = 0;
    public static final int SYSTEMERROR = -1;
    public static final int RUNTIMEINCONSISTENCY = -2;
    public static final int MARSHALLINGERROR = -5;
    public static final int UNIMPLEMENTED = -6;
    public static final int BADARGUMENTS = -8;
    public static final int UNKNOWNSESSION = -12;
    public static final int NONODE = -101;
    public static final int NOAUTH = -102;
    public static final int BADVERSION = -103;
    public static final int NOCHILDRENFOREPHEMERALS = -108;
    public static final int NODEEXISTS = -110;
    public static final int NOTEMPTY = -111;
    public static final int SESSIONEXPIRED = -112;
    public static final int INVALIDACL = -114;
    public static final int AUTHFAILED = -115;
    public static final int SESSIONMOVED = -118;
    public static final int NOTREADONLY = -119;
    public static final int NOWATCHER = -121;
    public static final int RECONFIGDISABLED = -123;

    /**
     * Paddock's own codes, at -1000 and below so that they can never be taken for a ZooKeeper
     * code: they answer requests that only the WebSocket protocol can make, and never go out on
     * the ZooKeeper TCP protocol. HISTORY_GONE: an addWatch asked to resume from a zxid older
     * than the watch history the node holds. ZXID_AHEAD: it asked to resume from a zxid this
     * node has not applied yet. HISTORY_BUSY: its history is older than memory and too many
     * other resumes are waiting for the disk already.
     */
    public static final int HISTORY_GONE = -1001;
    public static final int ZXID_AHEAD = -1002;
    public static final int HISTORY_BUSY = -1003;

    public static String name(int code) {
        return switch (code) {
            case OK -> "OK"; case SYSTEMERROR -> "SYSTEMERROR"; case RUNTIMEINCONSISTENCY -> "RUNTIMEINCONSISTENCY";
            case MARSHALLINGERROR -> "MARSHALLINGERROR"; case UNIMPLEMENTED -> "UNIMPLEMENTED";
            case BADARGUMENTS -> "BADARGUMENTS"; case UNKNOWNSESSION -> "UNKNOWNSESSION"; case NONODE -> "NONODE";
            case NOAUTH -> "NOAUTH"; case BADVERSION -> "BADVERSION";
            case NOCHILDRENFOREPHEMERALS -> "NOCHILDRENFOREPHEMERALS"; case NODEEXISTS -> "NODEEXISTS";
            case NOTEMPTY -> "NOTEMPTY"; case SESSIONEXPIRED -> "SESSIONEXPIRED"; case INVALIDACL -> "INVALIDACL";
            case AUTHFAILED -> "AUTHFAILED"; case SESSIONMOVED -> "SESSIONMOVED"; case NOTREADONLY -> "NOTREADONLY";
            case NOWATCHER -> "NOWATCHER"; case RECONFIGDISABLED -> "RECONFIGDISABLED";
            case HISTORY_GONE -> "HISTORY_GONE"; case ZXID_AHEAD -> "ZXID_AHEAD";
            case HISTORY_BUSY -> "HISTORY_BUSY";
            default -> "CODE(" + code + ")";
        };
    }
}
