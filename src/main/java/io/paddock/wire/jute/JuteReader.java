package io.paddock.wire.jute;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads jute's binary encoding (zk-protocol.md 1.2) from one frame held in a
 * {@link ByteBuffer}, big-endian, between the buffer's position and limit at construction.
 *
 * <p>The reader keeps its own cursor and uses absolute reads, so the caller's buffer position
 * is never moved. One reader per frame, on the connection's event loop; not thread-safe.
 *
 * <p>Invariant: {@code start <= pos <= limit}. No read allocates on the strength of a length
 * field before checking it against both the bytes left in the frame and {@code maxBuffer},
 * so a hostile length cannot cause a large allocation.
 */
public final class JuteReader {
    private final ByteBuffer buf;
    private final int limit;
    private final int maxBuffer;
    private int pos;

    /**
     * @param frame the frame bytes, from position to limit (position and limit are not changed)
     * @param maxBuffer the largest accepted string or buffer length ({@code jute.maxbuffer})
     */
    public JuteReader(ByteBuffer frame, int maxBuffer) {
        if (maxBuffer < 0) {
            throw new IllegalStateException("maxBuffer < 0: " + maxBuffer);
        }
        // A little-endian view would silently misread every int, so normalise once here.
        this.buf = frame.order() == ByteOrder.BIG_ENDIAN ? frame : frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.pos = frame.position();
        this.limit = frame.limit();
        this.maxBuffer = maxBuffer;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return limit - pos;
    }

    private void need(int n, String what) throws MalformedFrameException {
        if (limit - pos < n) {
            throw new MalformedFrameException("frame ends inside " + what + " (" + (limit - pos) + " of " + n + " bytes)");
        }
    }

    public int readInt() throws MalformedFrameException {
        need(4, "int");
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    public long readLong() throws MalformedFrameException {
        need(8, "long");
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** One raw byte, for formats of our own (jute itself has no byte outside buffers). */
    public int readByte() throws MalformedFrameException {
        need(1, "byte");
        return buf.get(pos++);
    }

    /**
     * A big-endian view of the next {@code length} bytes (no copy), for a nested record whose
     * decoder wants exactly its own bytes; the view shares the frame's memory and lives as long
     * as the frame does.
     */
    public ByteBuffer readView(int length, String what) throws MalformedFrameException {
        if (length < 0) {
            throw new MalformedFrameException("negative " + what + " length " + length);
        }
        need(length, what);
        ByteBuffer view = buf.slice(pos, length).order(ByteOrder.BIG_ENDIAN);
        pos += length;
        return view;
    }

    /** Any non-zero byte is true, as in ZooKeeper's reader. */
    public boolean readBool() throws MalformedFrameException {
        need(1, "boolean");
        return buf.get(pos++) != 0;
    }

    /** Reads a length and checks it; returns -1 for null. */
    private int readLength(String what) throws MalformedFrameException {
        int len = readInt();
        if (len == -1) {
            return -1;
        }
        if (len < 0 || len > maxBuffer) {
            throw new MalformedFrameException("unreasonable " + what + " length " + len);
        }
        need(len, what);
        return len;
    }

    /** A jute buffer: null for length -1. */
    public byte[] readBuffer() throws MalformedFrameException {
        int len = readLength("buffer");
        if (len < 0) {
            return null;
        }
        byte[] out = new byte[len];
        buf.get(pos, out, 0, len);
        pos += len;
        return out;
    }

    /** A jute ustring (UTF-8, malformed sequences become U+FFFD as in ZooKeeper): null for length -1. */
    public String readString() throws MalformedFrameException {
        int len = readLength("string");
        if (len < 0) {
            return null;
        }
        String s;
        if (buf.hasArray()) {
            // The JDK's UTF-8 decoder already has an ASCII fast path; reading straight from the
            // backing array avoids an intermediate copy.
            s = new String(buf.array(), buf.arrayOffset() + pos, len, StandardCharsets.UTF_8);
        } else {
            byte[] tmp = new byte[len];
            buf.get(pos, tmp, 0, len);
            s = new String(tmp, StandardCharsets.UTF_8);
        }
        pos += len;
        return s;
    }

    /** A ustring the server cannot do without (a path, an ACL scheme). */
    public String readNonNullString(String what) throws MalformedFrameException {
        String s = readString();
        if (s == null) {
            throw new MalformedFrameException("null " + what);
        }
        return s;
    }

    /**
     * A vector's element count: -1 for null, otherwise a count whose elements, at
     * {@code minElementBytes} each, fit in the bytes left (so callers may presize by it).
     */
    public int readVectorCount(int minElementBytes) throws MalformedFrameException {
        if (minElementBytes < 1) {
            throw new IllegalStateException("minElementBytes < 1: " + minElementBytes);
        }
        int count = readInt();
        if (count == -1) {
            return -1;
        }
        if (count < 0 || count > remaining() / minElementBytes) {
            throw new MalformedFrameException("unreasonable vector count " + count + " with " + remaining() + " bytes left");
        }
        return count;
    }

    /**
     * A {@code vector<ustring>} whose elements must not be null; a null vector reads as an
     * empty list (the server treats the two alike). The list is unmodifiable.
     */
    public List<String> readStringList(String what) throws MalformedFrameException {
        int count = readVectorCount(4);
        if (count <= 0) {
            return List.of();
        }
        ArrayList<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(readNonNullString(what));
        }
        return Collections.unmodifiableList(out);
    }
}
