package io.paddock.sim.check;

import java.util.Objects;

/**
 * What came back for one znode operation: a code and, for successful reads and setData, the
 * data and version the reply carried.
 *
 * <p>Immutable value, usable from any thread. Invariants: {@code value} is set only by
 * {@link #data(String, int)}; {@code version} is {@link #NO_VERSION} unless the reply carries
 * one (setData's new version, exists' version, getData's version), which is then non-negative;
 * error outputs carry neither.
 *
 * @param code    OK or the ZooKeeper error code
 * @param value   the data a successful getData returned
 * @param version the version a successful setData, exists or getData returned
 */
public record ZkOutput(ZkCode code, String value, int version) {
    /** The version of an output that carries none. */
    public static final int NO_VERSION = -1;
    private static final ZkOutput OK_EMPTY = new ZkOutput(ZkCode.OK, null, NO_VERSION);

    /** Checks the invariants. */
    public ZkOutput {
        Objects.requireNonNull(code, "code");
        if (version < NO_VERSION) {
            throw new IllegalArgumentException("version must be -1 (none) or non-negative, got " + version);
        }
        if (code != ZkCode.OK && (value != null || version != NO_VERSION)) {
            throw new IllegalArgumentException(code + " carries no data or version");
        }
    }

    /** Success of create or delete. */
    public static ZkOutput ok() {
        return OK_EMPTY;
    }

    /** Success of setData (the new version) or exists (the znode's version). */
    public static ZkOutput ok(int version) {
        return new ZkOutput(ZkCode.OK, null, version);
    }

    /** Success of getData: the data (null for null data) and the version in its Stat. */
    public static ZkOutput data(String value, int version) {
        return new ZkOutput(ZkCode.OK, value, version);
    }

    /** A ZooKeeper error code such as NONODE; use {@link #ok()} for success. */
    public static ZkOutput error(ZkCode code) {
        if (code == ZkCode.OK) {
            throw new IllegalArgumentException("error(OK): use ok(), ok(version) or data(value, version)");
        }
        return new ZkOutput(code, null, NO_VERSION);
    }

    /** The result as an explanation shows it after the call: {@code OK(ver=3)}, {@code (v=w7, ver=2)}, {@code NONODE}. */
    String describe(ZkInput.Kind kind) {
        if (code != ZkCode.OK) {
            return code.name();
        }
        return switch (kind) {
            case CREATE, DELETE -> "OK";
            case SET_DATA -> "OK(ver=" + version + ")";
            case GET_DATA -> "(v=" + ZkInput.show(value) + ", ver=" + version + ")";
            case EXISTS -> "ver=" + version;
        };
    }
}
