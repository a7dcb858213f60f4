package io.paddock.sim.check;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a client asked of one znode: create, delete, setData, getData or exists, with the
 * arguments that matter to the znode-as-a-versioned-register model.
 *
 * <p>Immutable value, usable from any thread. Invariants: {@code value} is set only for create
 * and setData; {@code expectedVersion} is {@link #ANY_VERSION} or non-negative, and set only
 * for delete and setData; {@code readMode} is set exactly for getData and exists. Data is
 * text; {@link #data(byte[])} turns a znode's bytes into text without loss, and {@code null}
 * stands for a znode created with null data.
 *
 * @param kind            which operation
 * @param value           the data written (create, setData)
 * @param expectedVersion the version a conditional delete or setData expects, -1 for any
 * @param readMode        strict (sync, then read: linearizable) or plain (may be stale)
 */
public record ZkInput(Kind kind, String value, int expectedVersion, ReadMode readMode) {
    /** The expected version that matches any version, as in ZooKeeper. */
    public static final int ANY_VERSION = -1;
    private static final int SHOWN_CHARS_MAX = 40;

    /** The operations of the model. */
    public enum Kind {
        CREATE("create"), DELETE("delete"), SET_DATA("setData"), GET_DATA("getData"), EXISTS("exists");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** How a read is served. */
    public enum ReadMode {
        /** The client did sync then read: Paddock promises this is linearizable. */
        STRICT,
        /** A plain read: may be stale, but never older than what its session already saw. */
        PLAIN
    }

    /** Checks the invariants. */
    public ZkInput {
        Objects.requireNonNull(kind, "kind");
        boolean writesData = kind == Kind.CREATE || kind == Kind.SET_DATA;
        boolean conditional = kind == Kind.DELETE || kind == Kind.SET_DATA;
        boolean read = kind == Kind.GET_DATA || kind == Kind.EXISTS;
        if (!writesData && value != null) {
            throw new IllegalArgumentException(kind + " takes no value, got " + show(value));
        }
        if (expectedVersion < ANY_VERSION || !conditional && expectedVersion != ANY_VERSION) {
            throw new IllegalArgumentException(kind + " cannot expect version " + expectedVersion);
        }
        if (read != (readMode != null)) {
            throw new IllegalArgumentException(read ? kind + " needs a read mode (STRICT or PLAIN)"
                    : kind + " is not a read and takes no read mode");
        }
    }

    public static ZkInput create(String value) {
        return new ZkInput(Kind.CREATE, value, ANY_VERSION, null);
    }

    public static ZkInput delete(int expectedVersion) {
        return new ZkInput(Kind.DELETE, null, expectedVersion, null);
    }

    public static ZkInput setData(String value, int expectedVersion) {
        return new ZkInput(Kind.SET_DATA, value, expectedVersion, null);
    }

    public static ZkInput getData(ReadMode readMode) {
        return new ZkInput(Kind.GET_DATA, null, ANY_VERSION, Objects.requireNonNull(readMode, "readMode"));
    }

    public static ZkInput exists(ReadMode readMode) {
        return new ZkInput(Kind.EXISTS, null, ANY_VERSION, Objects.requireNonNull(readMode, "readMode"));
    }

    /** A znode's data as text, byte for byte (ISO-8859-1), so equal bytes give equal text; null stays null. */
    public static String data(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Whether this is getData or exists. */
    public boolean isRead() {
        return readMode != null;
    }

    /** Whether this is a read that may be stale. */
    public boolean isPlainRead() {
        return readMode == ReadMode.PLAIN;
    }

    /** The call as an explanation shows it, for example {@code setData(v=w7, expect=2)}. */
    public String describe() {
        return switch (kind) {
            case CREATE -> "create(v=" + show(value) + ")";
            case DELETE -> "delete(expect=" + expectedVersion + ")";
            case SET_DATA -> "setData(v=" + show(value) + ", expect=" + expectedVersion + ")";
            case GET_DATA, EXISTS -> kind + "(" + (readMode == ReadMode.STRICT ? "strict" : "plain") + ")";
        };
    }

    /** Data for humans: control and non-ASCII characters escaped, long values cut with their length. */
    static String show(String data) {
        if (data == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(data.length(), SHOWN_CHARS_MAX); i++) {
            char c = data.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                shown.append(String.format("\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return data.length() <= SHOWN_CHARS_MAX ? shown.toString() : shown + "...(" + data.length() + " chars)";
    }
}
