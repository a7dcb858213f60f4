package io.paddock.wire.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one WebSocket message (UTF-8 JSON) into plain values with jackson-core's streaming
 * parser: objects become {@code Map<String, Object>} (in document order), arrays
 * {@code List<Object>}, strings {@code String}, integers {@code Long}, other numbers
 * {@code Double}, booleans {@code Boolean}, and null null. The protocol's messages are small
 * objects whose fields come in any order, so the request mapper reads this tree rather than the
 * token stream.
 *
 * <p>Rejected, as {@link JsonException} with code {@link JsonErrors#BAD_JSON}: text that is not
 * JSON, trailing content after the value, duplicate keys (a silently shadowed field is a
 * classic source of confusion), integers beyond 64 bits, and nesting deeper than
 * {@value #MAX_DEPTH}.
 *
 * <p>Stateless; any thread. Jackson declares {@code IOException} on its reads, which over a
 * byte array can only be its own parse exceptions: they are caught as {@code Exception}, because
 * the wire room names no {@code java.io} type. Runtime exceptions are caught too and become
 * BAD_JSON naming their class: these bytes come from any client, and nothing a client sends may
 * reach the node's halt-on-uncaught-exception handler.
 */
public final class JsonReader {
    static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonReader() {}

    /** The value of the JSON text in {@code bytes[0, length)}. */
    public static Object parse(byte[] bytes, int length) throws JsonException {
        JsonParser parser = null;
        try {
            parser = FACTORY.createParser(bytes, 0, length);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonException(JsonErrors.BAD_JSON, "the message is empty");
            }
            Object value = value(parser, first, 0);
            if (parser.nextToken() != null) {
                throw new JsonException(JsonErrors.BAD_JSON, "content after the JSON value at "
                        + where(parser));
            }
            return value;
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonException(JsonErrors.BAD_JSON, "unreadable JSON (" + e.getClass().getSimpleName() + "): "
                    + firstLine(e.getMessage()));
        } catch (Exception e) {
            throw new JsonException(JsonErrors.BAD_JSON, "not JSON: " + firstLine(e.getMessage()));
        } finally {
            closeQuietly(parser);
        }
    }

    /**
     * The top-level {@code "id"} of a message that may be cut short (an oversized message keeps
     * only its first bytes): a Long, a String, or null when the prefix has no readable id.
     */
    public static Object topLevelId(byte[] bytes, int length) {
        JsonParser parser = null;
        try {
            parser = FACTORY.createParser(bytes, 0, length);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if ("id".equals(name)) {
                    Object id = valueToken == JsonToken.VALUE_STRING || valueToken == JsonToken.VALUE_NUMBER_INT
                            ? value(parser, valueToken, 0) : null;
                    return id instanceof Long || id instanceof String ? id : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (Exception e) {
            return null; // the prefix ended (or broke) before an id: the error goes out without one
        } finally {
            closeQuietly(parser);
        }
    }

    private static Object value(JsonParser parser, JsonToken token, int depth) throws Exception {
        switch (token) {
            case START_OBJECT:
                return object(parser, depth + 1);
            case START_ARRAY:
                return array(parser, depth + 1);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() != JsonParser.NumberType.INT
                        && parser.getNumberType() != JsonParser.NumberType.LONG) {
                    throw new JsonException(JsonErrors.BAD_JSON, "integer beyond 64 bits at " + where(parser));
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonException(JsonErrors.BAD_JSON, "unexpected " + token + " at " + where(parser));
        }
    }

    private static Map<String, Object> object(JsonParser parser, int depth) throws Exception {
        checkDepth(parser, depth);
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            out.put(name, value(parser, parser.nextToken(), depth));
        }
        return out;
    }

    private static List<Object> array(JsonParser parser, int depth) throws Exception {
        checkDepth(parser, depth);
        List<Object> out = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            out.add(value(parser, token, depth));
        }
        return out;
    }

    private static void checkDepth(JsonParser parser, int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException(JsonErrors.BAD_JSON, "nested deeper than " + MAX_DEPTH + " at " + where(parser));
        }
    }

    private static String where(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (Exception e) {
            // Closing a parser over a byte array only returns its buffers; nothing can be lost.
        }
    }
}
