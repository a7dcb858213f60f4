package io.paddock.sim.check;

import io.paddock.sim.check.ZkInput.Kind;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One client operation on one znode as a recorder saw it: which session, which key, what it
 * asked, when it was sent and answered, and what came back. This is the type the simulator and
 * the chaos runner translate their operations into.
 *
 * <p>Immutable value, usable from any thread. Invariants: the output is set exactly when the
 * outcome is {@link Outcome#OK} and is one this kind of operation can return (create: OK or
 * NODEEXISTS; delete: OK, NONODE or BADVERSION; setData: OK with the new version, NONODE or
 * BADVERSION; getData: data and version, or NONODE; exists: version or NONODE);
 * {@code invokeTime <= completeTime < Long.MAX_VALUE} unless the outcome is
 * {@link Outcome#INDETERMINATE}, whose completeTime is always {@link Long#MAX_VALUE} (whatever
 * the recorder passed: a reply that never came may still take effect later). All times of one
 * history come from one monotonic clock (simulator ticks, or one JVM's {@code System.nanoTime}).
 *
 * @param clientId     the session (one id per ZooKeeper session; keep separate ids for threads
 *                     that share a handle unless the invoke times are the send order)
 * @param key          the znode path; the checker partitions the history by it
 * @param input        what was asked
 * @param invokeTime   when the request was issued
 * @param completeTime when the reply arrived
 * @param outcome      OK (a reply, maybe an error code), FAILED or INDETERMINATE
 * @param output       the reply, null unless the outcome is OK
 * @param zxid         the reply header's zxid when known, else {@link #NO_ZXID}; shown in
 *                     explanations, never used for the verdict
 */
public record Op(long clientId, String key, ZkInput input, long invokeTime, long completeTime, Outcome outcome,
        ZkOutput output, long zxid) {
    /** The zxid of an operation whose reply zxid is not known. */
    public static final long NO_ZXID = -1;

    /** Checks the invariants and pins an indeterminate operation's completion to infinity. */
    public Op {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.INDETERMINATE) {
            completeTime = Long.MAX_VALUE;
        } else if (completeTime < invokeTime || completeTime == Long.MAX_VALUE) {
            throw new IllegalArgumentException("client=" + clientId + " " + input.describe() + " on " + key
                    + ": completeTime " + completeTime + " must be in [invokeTime " + invokeTime + ", Long.MAX_VALUE)");
        }
        if ((outcome == Outcome.OK) != (output != null)) {
            throw new IllegalArgumentException("client=" + clientId + " " + input.describe() + " on " + key + ": "
                    + (output == null ? "an OK outcome needs an output" : "only an OK outcome has an output"));
        }
        if (output != null) {
            checkOutput(input.kind(), output);
        }
    }

    /** An operation whose reply came back (success or a ZooKeeper error code). */
    public static Op ok(long clientId, String key, ZkInput input, long invokeTime, long completeTime,
            ZkOutput output, long zxid) {
        return new Op(clientId, key, input, invokeTime, completeTime, Outcome.OK, output, zxid);
    }

    /** An operation whose reply never came. */
    public static Op indeterminate(long clientId, String key, ZkInput input, long invokeTime) {
        return new Op(clientId, key, input, invokeTime, Long.MAX_VALUE, Outcome.INDETERMINATE, null, NO_ZXID);
    }

    /** An operation that definitely had no effect. */
    public static Op failed(long clientId, String key, ZkInput input, long invokeTime, long completeTime) {
        return new Op(clientId, key, input, invokeTime, completeTime, Outcome.FAILED, null, NO_ZXID);
    }

    /** Which operation this is. */
    public Kind kind() {
        return input.kind();
    }

    /**
     * The operation as one explanation line:
     * {@code client=3 setData(v=w7, expect=2) [t=10..14] -> BADVERSION zxid=0x1f}.
     */
    public String line() {
        String completed = completeTime == Long.MAX_VALUE ? "?" : Long.toString(completeTime);
        String result = switch (outcome) {
            case OK -> output.describe(input.kind());
            case FAILED -> "FAILED";
            case INDETERMINATE -> "INDETERMINATE";
        };
        String zxidText = zxid == NO_ZXID ? "" : " zxid=0x" + Long.toHexString(zxid);
        return "client=" + clientId + " " + input.describe() + " [t=" + invokeTime + ".." + completed + "] -> "
                + result + zxidText;
    }

    private static void checkOutput(Kind kind, ZkOutput output) {
        Set<ZkCode> allowed = switch (kind) {
            case CREATE -> EnumSet.of(ZkCode.OK, ZkCode.NODEEXISTS);
            case DELETE, SET_DATA -> EnumSet.of(ZkCode.OK, ZkCode.NONODE, ZkCode.BADVERSION);
            case GET_DATA, EXISTS -> EnumSet.of(ZkCode.OK, ZkCode.NONODE);
        };
        if (!allowed.contains(output.code())) {
            throw new IllegalArgumentException(kind + " cannot return " + output.code() + " in the znode model"
                    + " (it returns one of " + allowed + ")");
        }
        if (output.code() != ZkCode.OK) {
            return;
        }
        boolean wantsVersion = kind == Kind.SET_DATA || kind == Kind.GET_DATA || kind == Kind.EXISTS;
        if (wantsVersion != (output.version() != ZkOutput.NO_VERSION)) {
            throw new IllegalArgumentException(kind + " OK " + (wantsVersion ? "needs" : "carries no") + " a version");
        }
        if (kind != Kind.GET_DATA && output.value() != null) {
            throw new IllegalArgumentException(kind + " OK carries no data");
        }
        if (kind == Kind.SET_DATA && output.version() < 1) {
            throw new IllegalArgumentException("setData OK returns the new version, at least 1, got " + output.version());
        }
    }
}
