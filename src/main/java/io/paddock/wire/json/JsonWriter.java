package io.paddock.wire.json;

/**
 * A reusable buffer of whole JSON messages, the WebSocket protocol's counterpart of the jute
 * writer: one per connection, messages appended back to back during an event-loop turn and
 * handed to the socket as one text frame each when the turn ends ({@link #messageCount()},
 * {@link #message(int)}, then {@link #reset(int)}).
 *
 * <p>Writes JSON text into a {@link StringBuilder} (the frames go out as strings). Written by
 * hand rather than with jackson-core's generator, which writes to a {@code java.io} stream: the
 * wire room does no I/O. Strings are escaped so that any Java string survives a round trip
 * through any JSON parser and the frame is valid UTF-8: quote, backslash and the control
 * characters are escaped, and so are U+2028, U+2029 (line terminators in old JavaScript) and
 * lone surrogates (which have no UTF-8 form).
 *
 * <p>Single-threaded (the connection's event loop). Invariants: {@code 0 <= depth <=
 * MAX_DEPTH}; between messages {@code depth == 0}; message {@code i} is the text between
 * {@code ends[i - 1]} (or 0) and {@code ends[i]}.
 */
public final class JsonWriter {
    private static final int MAX_DEPTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StringBuilder text = new StringBuilder(256);
    private int[] ends = new int[8];
    private int count;
    /** Per open object or array: whether a value has been written in it yet. */
    private final boolean[] filled = new boolean[MAX_DEPTH];
    private int depth;
    /** True right after a member name: the next value needs no comma. */
    private boolean named;

    /** Messages completed since the last reset. */
    public int messageCount() {
        return count;
    }

    /** The text of message {@code index}. */
    public String message(int index) {
        int start = index == 0 ? 0 : ends[index - 1];
        return text.substring(start, ends[index]);
    }

    /** Every message, for tests: the texts in order. */
    public java.util.List<String> messages() {
        java.util.List<String> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(message(i));
        }
        return out;
    }

    /**
     * Forgets the messages and, if a rare huge one grew the buffer past {@code maxRetainedChars},
     * drops it so that an idle connection does not pin megabytes.
     */
    public void reset(int maxRetainedChars) {
        count = 0;
        depth = 0;
        named = false;
        if (text.capacity() > maxRetainedChars) {
            text = new StringBuilder(256);
        } else {
            text.setLength(0);
        }
    }

    /** Starts a message: its top-level object. */
    public JsonWriter beginMessage() {
        if (depth != 0) {
            throw new IllegalStateException("a message began inside another one");
        }
        return beginObject();
    }

    /** Ends the message begun last. */
    public void endMessage() {
        endObject();
        if (depth != 0) {
            throw new IllegalStateException("a message ended with " + depth + " open values");
        }
        if (count == ends.length) {
            ends = java.util.Arrays.copyOf(ends, count * 2);
        }
        ends[count++] = text.length();
    }

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    /** A member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separate();
        quote(name);
        text.append(':');
        named = true;
        return this;
    }

    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        quote(value);
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        text.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        separate();
        text.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        text.append("null");
        return this;
    }

    /** A request id as the client sent it: a JSON integer (a Long) or a string. */
    public JsonWriter id(Object id) {
        if (id instanceof Long number) {
            return value(number.longValue());
        }
        return value(id == null ? null : id.toString());
    }

    private void open(char bracket) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        text.append(bracket);
        filled[depth++] = false;
    }

    private void close(char bracket) {
        if (depth == 0 || named) {
            throw new IllegalStateException("unbalanced " + bracket);
        }
        depth--;
        text.append(bracket);
    }

    /** Writes the comma before a value or member, unless it follows a name or opens its container. */
    private void separate() {
        if (named) {
            named = false;
            return;
        }
        if (depth > 0) {
            if (filled[depth - 1]) {
                text.append(',');
            }
            filled[depth - 1] = true;
        }
    }

    private void quote(String value) {
        StringBuilder out = text;
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x2028 && c != '"' && c != '\\') {
                out.append(c);
            } else {
                i = escape(value, i, c);
            }
        }
        out.append('"');
    }

    /** Writes the char at {@code i} (a pair when it starts one); returns the index of the last char used. */
    private int escape(String value, int i, char c) {
        StringBuilder out = text;
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> {
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    out.append(c).append(value.charAt(i + 1));
                    return i + 1;
                }
                if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                            .append(HEX[c & 15]);
                } else {
                    out.append(c);
                }
            }
        }
        return i;
    }
}
