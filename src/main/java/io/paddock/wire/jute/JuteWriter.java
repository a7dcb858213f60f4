package io.paddock.wire.jute;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A growable big-endian byte array that jute records are appended to. One writer per
 * connection (or per log batch) is reused with {@link #reset()}, so encoding a reply allocates
 * nothing once the array has grown to the connection's working size. Several frames may be
 * appended back to back and flushed with one socket write.
 *
 * <p>Framing: {@link #beginFrame()} reserves the 4-byte length and returns its offset;
 * {@link #endFrame(int)} patches it with the number of bytes written since.
 *
 * <p>Invariant: {@code 0 <= size <= buf.length}. Single-threaded (the owner's event loop).
 */
public final class JuteWriter {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] buf;
    private int size;

    public JuteWriter() {
        this(256);
    }

    public JuteWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalStateException("initialCapacity < 0: " + initialCapacity);
        }
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets the content and keeps the array for reuse. */
    public void reset() {
        size = 0;
    }

    /**
     * Forgets the content and, if a rare huge reply grew the array past {@code maxRetainedBytes},
     * drops it so that an idle connection does not pin megabytes.
     */
    public void reset(int maxRetainedBytes) {
        size = 0;
        if (buf.length > maxRetainedBytes) {
            buf = new byte[Math.max(16, maxRetainedBytes)];
        }
    }

    /**
     * Hands over the backing array (bytes {@code [0, size())} are the content) and continues,
     * empty, on {@code replacement}, so that the bytes can be written out without a copy while
     * the writer goes on.
     */
    public byte[] swapArray(byte[] replacement) {
        if (replacement.length < 16) {
            throw new IllegalArgumentException("replacement array of " + replacement.length + " bytes; at least 16");
        }
        byte[] content = buf;
        buf = replacement;
        size = 0;
        return content;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The backing array; bytes {@code [0, size())} are valid. Changes when the writer grows. */
    public byte[] array() {
        return buf;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** A big-endian view of the written bytes (no copy; invalid after the next write or reset). */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(buf, 0, size);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0 || needed > MAX_ARRAY) {
            throw new IllegalStateException("JuteWriter would exceed " + MAX_ARRAY + " bytes");
        }
        if (needed > buf.length) {
            int grown = (int) Math.min(MAX_ARRAY, Math.max((long) buf.length * 2, needed));
            buf = Arrays.copyOf(buf, grown);
        }
    }

    /**
     * Drops everything written after the first {@code newSize} bytes, keeping the array: a
     * caller that appended a frame it then decides not to send (too large, over a bound) takes
     * it back without re-encoding what came before.
     */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalStateException("truncate to " + newSize + " outside written bytes (size " + size + ")");
        }
        size = newSize;
    }

    /** Reserves a 4-byte frame length; pass the returned mark to {@link #endFrame(int)}. */
    public int beginFrame() {
        int mark = size;
        writeInt(0);
        return mark;
    }

    /** Patches the length reserved at {@code mark} with the bytes written after it. */
    public void endFrame(int mark) {
        if (mark < 0 || mark + 4 > size) {
            throw new IllegalStateException("bad frame mark " + mark + " (size " + size + ")");
        }
        setInt(mark, size - mark - 4);
    }

    /** Overwrites 4 bytes already written at {@code offset}. */
    public void setInt(int offset, int v) {
        if (offset < 0 || offset + 4 > size) {
            throw new IllegalStateException("setInt outside written bytes: " + offset);
        }
        buf[offset] = (byte) (v >>> 24);
        buf[offset + 1] = (byte) (v >>> 16);
        buf[offset + 2] = (byte) (v >>> 8);
        buf[offset + 3] = (byte) v;
    }

    public void writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    public void writeBool(boolean v) {
        writeByte(v ? 1 : 0);
    }

    public void writeInt(int v) {
        ensure(4);
        byte[] b = buf;
        int p = size;
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        size = p + 4;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** A jute buffer; null is written as length -1. */
    public void writeBuffer(byte[] v) {
        if (v == null) {
            writeInt(-1);
            return;
        }
        writeInt(v.length);
        ensure(v.length);
        System.arraycopy(v, 0, buf, size, v.length);
        size += v.length;
    }

    /** Raw bytes without a length prefix, for formats of our own whose frame gives the length. */
    public void writeBytes(byte[] v, int offset, int length) {
        if (offset < 0 || length < 0 || offset > v.length - length) {
            throw new IllegalStateException("bad range " + offset + "+" + length + " of " + v.length + " bytes");
        }
        ensure(length);
        System.arraycopy(v, offset, buf, size, length);
        size += length;
    }

    /**
     * A jute ustring; null is written as length -1. The bytes equal
     * {@code s.getBytes(UTF_8)} (an unpaired surrogate becomes '?') but are produced without
     * an intermediate array: ASCII is copied char by char, and only the rest goes through the
     * general encoder.
     */
    public void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        int n = s.length();
        int lengthAt = size;
        ensure(4 + n);
        size += 4;
        byte[] b = buf;
        int p = size;
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        size = p;
        if (i < n) {
            writeUtf8Tail(s, i);
        }
        setInt(lengthAt, size - lengthAt - 4);
    }

    private void writeUtf8Tail(String s, int from) {
        int n = s.length();
        // At most 3 bytes per char: a 4-byte sequence always consumes two chars.
        ensure((n - from) * 3);
        byte[] b = buf;
        int p = size;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = (byte) '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }

    /** A {@code vector<ustring>}; null is written as count -1. Indexed loop: no iterator. */
    public void writeStringVector(List<String> v) {
        if (v == null) {
            writeInt(-1);
            return;
        }
        int n = v.size();
        writeInt(n);
        for (int i = 0; i < n; i++) {
            writeString(v.get(i));
        }
    }
}
