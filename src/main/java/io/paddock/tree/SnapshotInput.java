package io.paddock.tree;

import java.nio.charset.StandardCharsets;

/**
 * A buffered big-endian decoder over a {@link ByteSource}, the read half of
 * {@link SnapshotOutput}. Every length is bounds-checked before anything is allocated, so a
 * damaged body fails with {@link SnapshotFormatException} instead of exhausting the heap.
 * Confined to the thread that reads one snapshot.
 *
 * <p>Invariant: {@code buffer[position, limit)} holds bytes read from the source and not yet decoded.
 */
final class SnapshotInput {
    private static final int BUFFER_BYTES = 64 << 10;
    static final int STRING_BYTES_MAX = 1 << 20;
    static final int DATA_BYTES_MAX = 1 << 28;

    private final ByteSource source;
    private final String name;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long consumed;

    SnapshotInput(ByteSource source, String name) {
        this.source = source;
        this.name = name;
    }

    SnapshotFormatException bad(String problem) {
        return new SnapshotFormatException(name, problem + " (body offset " + offset() + ")");
    }

    /** Body bytes decoded so far. */
    long offset() {
        return consumed + position;
    }

    /** Makes at least {@code bytes} (at most the buffer size) available, or throws at the end of the body. */
    private void need(int bytes) {
        if (limit - position >= bytes) {
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        consumed += position;
        limit -= position;
        position = 0;
        while (limit < bytes) {
            int n = source.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw bad("truncated: needed " + bytes + " bytes, " + limit + " left");
            }
            limit += n;
        }
    }

    int getInt() {
        need(4);
        int p = position;
        position += 4;
        return (buffer[p] & 0xff) << 24 | (buffer[p + 1] & 0xff) << 16 | (buffer[p + 2] & 0xff) << 8
                | (buffer[p + 3] & 0xff);
    }

    long getLong() {
        long high = getInt();
        return high << 32 | (getInt() & 0xffffffffL);
    }

    /** A length-prefixed byte array (null for length -1), at most {@code max} bytes. */
    byte[] getBytes(int max) {
        int length = getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > max) {
            throw bad("impossible length " + length);
        }
        byte[] out = new byte[length];
        int available = Math.min(length, limit - position);
        System.arraycopy(buffer, position, out, 0, available);
        position += available;
        int filled = available;
        while (filled < length) {
            int n = source.read(out, filled, length - filled);
            if (n < 0) {
                throw bad("truncated inside a " + length + "-byte array");
            }
            filled += n;
            consumed += n;
        }
        return out;
    }

    String getString() {
        int length = getInt();
        if (length < 0 || length > STRING_BYTES_MAX) {
            throw bad("impossible string length " + length);
        }
        if (length <= buffer.length) {
            need(length);
            String s = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }
        position -= 4; // re-read the length through getBytes, which handles long arrays
        return new String(getBytes(STRING_BYTES_MAX), StandardCharsets.UTF_8);
    }

    /** True when the source has nothing after the decoded bytes. */
    boolean atEnd() {
        if (limit > position) {
            return false;
        }
        int n = source.read(buffer, 0, 1);
        if (n > 0) {
            consumed += position;
            position = 0;
            limit = n;
            return false;
        }
        return true;
    }
}
