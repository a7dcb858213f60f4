package io.paddock.sim.check;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * ZooKeeper's znode as a versioned register, the sequential specification of one key: create
 * gives version 0 and fails with NODEEXISTS on a present znode; setData adds one to the version;
 * delete and setData with an expected version other than -1 fail with BADVERSION unless it
 * matches; every operation but create fails with NONODE on an absent znode; delete then create
 * starts again at version 0. Parents, children, ACLs and ephemerals are outside the model: the
 * recorder keeps parents in place.
 *
 * <p>The model of one history ({@link #forHistory}) knows which values the history's completed
 * reads returned, and keeps any other value as "unread" ({@link RegisterState#unreadValue()}):
 * no read can match it, whichever it is, so merging them is exact. It also makes writes of
 * unread values interchangeable when they have no reply ({@link #effectKey}), which is what lets
 * the search treat a crowd of timed-out writes as one. Soundness does not depend on values
 * being unique; with repeated values fewer of them are unread, which only costs speed.
 *
 * <p>Immutable and pure; an instance may be shared by searches on any thread. Invariant:
 * {@code readValues}, when set, contains every value a completed getData of the history returned.
 */
public final class ZkRegisterModel implements Model<RegisterState, ZkInput, ZkOutput> {
    /** The model that keeps every value (no history known). */
    public static final ZkRegisterModel INSTANCE = new ZkRegisterModel(null);

    /** Values returned by completed reads; null to keep every value. */
    private final Set<String> readValues;

    private ZkRegisterModel(Set<String> readValues) {
        this.readValues = readValues;
    }

    /** The model for checking {@code ops} (and any subset of them): values no read of {@code ops} returned are merged. */
    public static ZkRegisterModel forHistory(Collection<Op> ops) {
        Set<String> values = new HashSet<>();
        for (Op op : ops) {
            if (op.outcome() == Outcome.OK && op.kind() == ZkInput.Kind.GET_DATA && op.output().code() == ZkCode.OK) {
                values.add(op.output().value());
            }
        }
        return new ZkRegisterModel(values);
    }

    @Override
    public RegisterState init() {
        return RegisterState.ABSENT;
    }

    @Override
    public RegisterState step(RegisterState state, ZkInput input, ZkOutput output) {
        ZkCode code = codeFor(state, input);
        if (output.code() != code) {
            return null;
        }
        if (code != ZkCode.OK) {
            return state;
        }
        return switch (input.kind()) {
            case CREATE -> written(input.value(), 0);
            case DELETE -> RegisterState.ABSENT;
            case SET_DATA -> output.version() == state.version() + 1 ? written(input.value(), state.version() + 1) : null;
            case GET_DATA -> output.version() == state.version() && !state.unreadValue()
                    && Objects.equals(output.value(), state.value()) ? state : null;
            case EXISTS -> output.version() == state.version() ? state : null;
        };
    }

    @Override
    public RegisterState stepIndeterminate(RegisterState state, ZkInput input) {
        if (codeFor(state, input) != ZkCode.OK) {
            return state;
        }
        return switch (input.kind()) {
            case CREATE -> written(input.value(), 0);
            case DELETE -> RegisterState.ABSENT;
            case SET_DATA -> written(input.value(), state.version() + 1);
            case GET_DATA, EXISTS -> state;
        };
    }

    /** Writes of unread values with the same kind and expected version have the same effect everywhere. */
    @Override
    public Object effectKey(ZkInput input) {
        boolean writesData = input.kind() == ZkInput.Kind.CREATE || input.kind() == ZkInput.Kind.SET_DATA;
        return writesData && !isRead(input.value()) ? new UnreadWrite(input.kind(), input.expectedVersion()) : input;
    }

    @Override
    public String describe(RegisterState state) {
        return state.describe();
    }

    /** The code ZooKeeper returns for {@code input} on a znode in {@code state}. */
    static ZkCode codeFor(RegisterState state, ZkInput input) {
        if (input.kind() == ZkInput.Kind.CREATE) {
            return state.exists() ? ZkCode.NODEEXISTS : ZkCode.OK;
        }
        if (!state.exists()) {
            return ZkCode.NONODE;
        }
        boolean versionMismatch = input.expectedVersion() != ZkInput.ANY_VERSION
                && input.expectedVersion() != state.version();
        return versionMismatch ? ZkCode.BADVERSION : ZkCode.OK;
    }

    private RegisterState written(String value, int version) {
        return isRead(value) ? RegisterState.present(value, version) : RegisterState.presentUnread(version);
    }

    private boolean isRead(String value) {
        return readValues == null || readValues.contains(value);
    }

    /** The effect key of a write whose value no read returned. */
    private record UnreadWrite(ZkInput.Kind kind, int expectedVersion) {
    }
}
