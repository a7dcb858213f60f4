package io.paddock.tree;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A buffered big-endian encoder in front of a {@link ByteSink}: fixed-size values go into one
 * reusable 64 KiB heap buffer, which is handed to the sink when full; byte arrays larger than
 * the free room bypass the buffer. Confined to the thread that writes one snapshot.
 *
 * <p>Invariant: {@code buffer} is in write mode; everything before its position has not yet been
 * passed to the sink.
 */
final class SnapshotOutput {
    private static final int BUFFER_BYTES = 64 << 10;

    private final ByteSink sink;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long written;

    SnapshotOutput(ByteSink sink) {
        this.sink = sink;
    }

    private void room(int bytes) {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    void putInt(int value) {
        room(4);
        buffer.putInt(value);
    }

    void putLong(long value) {
        room(8);
        buffer.putLong(value);
    }

    /** int length (-1 for null), then the bytes. */
    void putBytes(byte[] bytes) {
        if (bytes == null) {
            putInt(-1);
            return;
        }
        putInt(bytes.length);
        if (bytes.length <= buffer.remaining()) {
            buffer.put(bytes);
            return;
        }
        flush();
        if (bytes.length <= buffer.remaining()) {
            buffer.put(bytes);
        } else {
            sink.write(bytes, 0, bytes.length);
            written += bytes.length;
        }
    }

    /**
     * int byte length, then UTF-8. ASCII strings (every path in practice) are written straight
     * into the buffer: a snapshot of a million znodes then allocates no byte array per path.
     */
    void putString(String s) {
        int length = s.length();
        if (length + 4 > buffer.capacity() || !isAscii(s, length)) {
            putBytes(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        room(4 + length);
        buffer.putInt(length);
        for (int i = 0; i < length; i++) {
            buffer.put((byte) s.charAt(i));
        }
    }

    private static boolean isAscii(String s, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Passes everything buffered to the sink. */
    void flush() {
        int bytes = buffer.position();
        if (bytes > 0) {
            sink.write(buffer.array(), 0, bytes);
            written += bytes;
            buffer.clear();
        }
    }

    /** Bytes handed to the sink so far. */
    long written() {
        return written;
    }
}
