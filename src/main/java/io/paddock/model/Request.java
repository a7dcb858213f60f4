package io.paddock.model;

import java.util.List;

/**
 * Every client request body, decoded. {@code opcode()} is the wire opcode it arrived with (one
 * record can stand for several opcodes, e.g. {@link Create} for create, create2,
 * createContainer and createTTL). Byte arrays are owned by the record and never mutated after
 * construction. Paths are server paths, unvalidated: validation is the planner's job so that
 * errors come back in ZooKeeper's precedence.
 */
public sealed interface Request {
    int opcode();

    /** True for requests that change state and therefore become a txn. */
    default boolean isWrite() {
        return false;
    }

    // ---- writes -------------------------------------------------------------------------
    /** create(1), create2(15), createContainer(19), createTTL(21); {@code ttl} is -1 unless opcode 21. */
    record Create(int opcode, String path, byte[] data, List<Acl> acl, int flags, long ttl) implements Request {
        @Override public boolean isWrite() { return true; }
    }

    record Delete(String path, int version) implements Request {
        @Override public int opcode() { return OpCode.DELETE; }
        @Override public boolean isWrite() { return true; }
    }

    /** deleteContainer(20): only issued by the node's own container/TTL reaper. */
    record DeleteContainer(String path) implements Request {
        @Override public int opcode() { return OpCode.DELETE_CONTAINER; }
        @Override public boolean isWrite() { return true; }
    }

    record SetData(String path, byte[] data, int version) implements Request {
        @Override public int opcode() { return OpCode.SET_DATA; }
        @Override public boolean isWrite() { return true; }
    }

    record SetAcl(String path, List<Acl> acl, int version) implements Request {
        @Override public int opcode() { return OpCode.SET_ACL; }
        @Override public boolean isWrite() { return true; }
    }

    /** check(13): valid only inside a multi. */
    record Check(String path, int version) implements Request {
        @Override public int opcode() { return OpCode.CHECK; }
        @Override public boolean isWrite() { return true; }
    }

    /** multi(14): ops are Create, Delete, SetData or Check. */
    record Multi(List<Request> ops) implements Request {
        @Override public int opcode() { return OpCode.MULTI; }
        @Override public boolean isWrite() { return true; }
    }

    /**
     * createSession(-10): built by the node from a ConnectRequest, never decoded from a frame.
     * The new session id travels in the plan context; {@code passwd} is its 16 random bytes.
     */
    record CreateSession(int timeoutMs, byte[] passwd) implements Request {
        @Override public int opcode() { return OpCode.CREATE_SESSION; }
        @Override public boolean isWrite() { return true; }
    }

    record CloseSession() implements Request {
        @Override public int opcode() { return OpCode.CLOSE_SESSION; }
        @Override public boolean isWrite() { return true; }
    }

    // ---- reads --------------------------------------------------------------------------
    record Exists(String path, boolean watch) implements Request {
        @Override public int opcode() { return OpCode.EXISTS; }
    }

    record GetData(String path, boolean watch) implements Request {
        @Override public int opcode() { return OpCode.GET_DATA; }
    }

    /** getChildren(8) or getChildren2(12, with Stat). */
    record GetChildren(int opcode, String path, boolean watch) implements Request {
        public boolean withStat() { return opcode == OpCode.GET_CHILDREN2; }
    }

    record GetAcl(String path) implements Request {
        @Override public int opcode() { return OpCode.GET_ACL; }
    }

    record GetAllChildrenNumber(String path) implements Request {
        @Override public int opcode() { return OpCode.GET_ALL_CHILDREN_NUMBER; }
    }

    record GetEphemerals(String prefixPath) implements Request {
        @Override public int opcode() { return OpCode.GET_EPHEMERALS; }
    }

    /** multiRead(22): ops are GetData or GetChildren(8); watches are never set. */
    record MultiRead(List<Request> ops) implements Request {
        @Override public int opcode() { return OpCode.MULTI_READ; }
    }

    record Sync(String path) implements Request {
        @Override public int opcode() { return OpCode.SYNC; }
    }

    // ---- session and connection housekeeping --------------------------------------------
    record Ping() implements Request {
        @Override public int opcode() { return OpCode.PING; }
    }

    record Auth(int type, String scheme, byte[] auth) implements Request {
        @Override public int opcode() { return OpCode.AUTH; }
    }

    /** setWatches(101) has empty persistent lists; setWatches2(105) may fill them. */
    record SetWatches(int opcode, long relativeZxid, List<String> dataWatches, List<String> existWatches,
                      List<String> childWatches, List<String> persistentWatches,
                      List<String> persistentRecursiveWatches) implements Request {
    }

    /**
     * addWatch(106): mode 0 PERSISTENT, 1 PERSISTENT_RECURSIVE. {@code fromZxid} is
     * {@link #LIVE} for a watch that starts now (the only kind the ZooKeeper protocol has);
     * otherwise the watch first delivers every event of the txns after that zxid that the node
     * still holds (the WebSocket protocol's resumable watches).
     */
    record AddWatch(String path, int mode, long fromZxid) implements Request {
        /** The {@code fromZxid} of a watch with no history to replay. */
        public static final long LIVE = -1;

        public AddWatch(String path, int mode) {
            this(path, mode, LIVE);
        }

        @Override public int opcode() { return OpCode.ADD_WATCH; }

        public boolean resumes() { return fromZxid != LIVE; }
    }

    /** removeWatches(18) or checkWatches(17); {@code type} is a {@link WatcherType}. */
    record RemoveWatches(int opcode, String path, int type) implements Request {
    }

    record WhoAmI() implements Request {
        @Override public int opcode() { return OpCode.WHO_AM_I; }
    }

    record Reconfig(String joiningServers, String leavingServers, String newMembers, long curConfigId)
            implements Request {
        @Override public int opcode() { return OpCode.RECONFIG; }
    }

    record Sasl(byte[] token) implements Request {
        @Override public int opcode() { return OpCode.SASL; }
    }

    /** A frame whose header was read but whose body could not be decoded: answered MARSHALLINGERROR. */
    record Malformed(int opcode) implements Request {
    }

    /** A frame whose opcode the server does not serve: answered UNIMPLEMENTED, then the connection closes. */
    record Unknown(int opcode) implements Request {
    }
}
