package io.paddock.model;

import java.util.List;

/**
 * A state change decided by the planner, logged, and applied in zxid order on every node.
 * Txns are idempotent descriptions of what to do to the tree: every derived value (the
 * sequential suffix, expanded ACLs, the encoded ephemeral owner) is resolved at plan time, so
 * applying a txn needs nothing but the tree. Byte arrays are owned and never mutated.
 */
public sealed interface Txn {
    /** A stable tag for the log record type. */
    int type();

    /** {@code ephemeralOwner} is the stored encoding ({@link EphemeralOwner}). */
    record Create(String path, byte[] data, List<Acl> acl, long ephemeralOwner) implements Txn {
        @Override public int type() { return OpCode.CREATE; }
    }

    record Delete(String path) implements Txn {
        @Override public int type() { return OpCode.DELETE; }
    }

    /** {@code version} is the new data version after the change. */
    record SetData(String path, byte[] data, int version) implements Txn {
        @Override public int type() { return OpCode.SET_DATA; }
    }

    /** {@code aversion} is the new ACL version after the change. */
    record SetAcl(String path, List<Acl> acl, int aversion) implements Txn {
        @Override public int type() { return OpCode.SET_ACL; }
    }

    /** A successful check inside a multi: changes nothing. */
    record Check(String path) implements Txn {
        @Override public int type() { return OpCode.CHECK; }
    }

    /**
     * A multi: on success the sub-txns in order; on failure every element is an {@link Error}
     * (OK for ops before the failing one, its code, RUNTIMEINCONSISTENCY after) and nothing
     * is applied.
     */
    record Multi(List<Txn> txns) implements Txn {
        @Override public int type() { return OpCode.MULTI; }
    }

    /** A failed write: consumes a zxid, changes nothing, answers {@code err}. */
    record Error(int err) implements Txn {
        @Override public int type() { return OpCode.ERROR; }
    }

    /** {@code passwd} is the session's 16-byte password, so sessions survive restarts. */
    record CreateSession(long sessionId, int timeoutMs, byte[] passwd) implements Txn {
        @Override public int type() { return OpCode.CREATE_SESSION; }
    }

    /** Deletes every ephemeral of the session (in path order) and forgets the session. */
    record CloseSession(long sessionId) implements Txn {
        @Override public int type() { return OpCode.CLOSE_SESSION; }
    }

    /**
     * The NEWLEADER marker: the first entry of every epoch, at counter 0, logged and replicated
     * like any txn. Once a quorum has persisted it, it and every entry before it in the leader's
     * log are committed, and only then does the leader serve. Applying it changes nothing but
     * lastZxid. {@code leaderId} names the leader that proposed it (for logs and tools).
     */
    record NewEpoch(int leaderId) implements Txn {
        @Override public int type() { return OpCode.NEW_EPOCH; }
    }
}
