package io.paddock.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Paddock's JSON configuration format into raw settings.
 *
 * <p>Schema: one JSON object whose keys are {@link NodeConfig} component names
 * ({@link Setting#key()}). Numbers may be written as JSON numbers or strings, booleans as JSON
 * booleans or the strings true/false/yes/no, paths and hosts as strings, and
 * {@code fourLetterWordWhitelist} as an array of strings (or one comma-separated string).
 * {@code null} means "use the default". The one structured key is {@code members}, an array of
 * objects with the keys {@code id}, {@code host}, {@code clientPort}, {@code peerPort} and
 * {@code role}; messages about them name the element, counted from 0, and the key
 * ({@code members[2].peerPort}). Other nested objects are rejected; duplicate keys are a syntax
 * error, because a silently shadowed setting is a common source of confusion. The key
 * {@code adminPort} of earlier versions (a reserved HTTP port, -1 for off) is read as a
 * deprecated alias of {@code httpPort}, with a warning: its -1 becomes 0 (off), and
 * {@code httpPort} wins when both are given. Example:
 * <pre>{"clientPort": 2182, "dataDir": "/var/paddock", "tickMs": 1000,
 *  "fourLetterWordWhitelist": ["ruok", "srvr"],
 *  "members": [{"id": 1, "host": "10.0.0.1", "clientPort": 2182, "peerPort": 2888}]}</pre>
 *
 * <p>Uses the jackson-core streaming parser only, so no object mapping or reflection is
 * involved. Stateless; safe from any thread. Every problem goes to {@link Diagnostics}; a syntax
 * error names the parser's line and column and stops reading, because nothing after it can be
 * trusted.
 */
final class JsonConfigReader {
    /** The keys of a member object, {@link Member}'s component names. */
    private static final Set<String> MEMBER_KEYS = Set.of("id", "host", "clientPort", "peerPort", "role");
    /** The pre-HTTP name of {@link Setting#HTTP_PORT}, still accepted. */
    static final String DEPRECATED_ADMIN_PORT_KEY = "adminPort";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonConfigReader() { }

    /** Reads {@code json} (bytes of a file named {@code fileName}) into raw settings. */
    static Map<Setting, RawValue> read(byte[] json, String fileName, Diagnostics diagnostics) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                diagnostics.error(fileName + ": a Paddock JSON config must be one JSON object");
                return values;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                readField(parser, key, values, diagnostics);
            }
            if (parser.nextToken() != null) {
                JsonLocation where = parser.currentTokenLocation();
                diagnostics.error(fileName + ": malformed JSON at line " + where.getLineNr() + ", column "
                        + where.getColumnNr() + ": unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            diagnostics.error(fileName + ": malformed JSON" + position + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // The bytes are already in memory, so this only reports decoding trouble.
            diagnostics.error(fileName + ": cannot read JSON: " + e.getMessage());
        }
        return values;
    }

    /** Reads the value the parser is on, which belongs to {@code key}. */
    private static void readField(JsonParser parser, String key, Map<Setting, RawValue> values,
                                  Diagnostics diagnostics) throws IOException {
        Optional<Setting> setting = Setting.byKey(key);
        String origin = "JSON key '" + key + "'";
        if (key.equals(DEPRECATED_ADMIN_PORT_KEY)) {
            readAdminPort(parser, origin, values, diagnostics);
            return;
        }
        if (setting.isEmpty()) {
            diagnostics.warning("unknown key '" + key + "' in JSON config");
            parser.skipChildren();
            return;
        }
        if (setting.get() == Setting.HTTP_PORT && values.containsKey(Setting.HTTP_PORT)
                && parser.currentToken() != JsonToken.VALUE_NULL) {
            diagnostics.warning("JSON keys 'adminPort' and 'httpPort' are both given; using 'httpPort'");
        }
        JsonToken token = parser.currentToken();
        if (setting.get() == Setting.MEMBERS) {
            readMembers(parser, origin, values, diagnostics);
        } else if (token == JsonToken.START_OBJECT) {
            diagnostics.error(origin + ": must not be an object");
            parser.skipChildren();
        } else if (token == JsonToken.START_ARRAY && setting.get().kind() != Setting.Kind.WORDS) {
            diagnostics.error(origin + ": must not be an array");
            parser.skipChildren();
        } else if (token == JsonToken.START_ARRAY) {
            List<String> items = readStringArray(parser, origin, diagnostics);
            if (items != null) values.put(setting.get(), new RawValue(origin, String.join(",", items)));
        } else if (token != JsonToken.VALUE_NULL) {
            // Strings, numbers and booleans all keep their JSON text; ConfigResolver parses it.
            values.put(setting.get(), new RawValue(origin, parser.getText()));
        }
    }

    /**
     * Reads the deprecated {@code adminPort}: a warning, then the value as {@code httpPort} unless
     * that key was already read; its old "off" spelling -1 becomes httpPort's 0.
     */
    private static void readAdminPort(JsonParser parser, String origin, Map<Setting, RawValue> values,
                                      Diagnostics diagnostics) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            diagnostics.error(origin + ": must not be an " + (token == JsonToken.START_OBJECT ? "object" : "array"));
            parser.skipChildren();
            return;
        }
        diagnostics.warning(origin + " is deprecated: use 'httpPort' (0 turns the HTTP port off)");
        if (token == JsonToken.VALUE_NULL) return;
        if (values.containsKey(Setting.HTTP_PORT)) {
            diagnostics.warning("JSON keys 'adminPort' and 'httpPort' are both given; using 'httpPort'");
            return;
        }
        String text = parser.getText().trim();
        values.put(Setting.HTTP_PORT, new RawValue(origin, text.equals("-1") ? "0" : text));
    }

    /** Reads an array of strings, or returns null after reporting a non-string element. */
    private static List<String> readStringArray(JsonParser parser, String origin, Diagnostics diagnostics)
            throws IOException {
        List<String> items = new ArrayList<>();
        boolean valid = true;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                items.add(parser.getText());
            } else {
                if (valid) diagnostics.error(origin + ": array elements must be strings, found " + parser.currentToken());
                valid = false;
                parser.skipChildren();
            }
        }
        return valid ? items : null;
    }

    /** Reads the {@code members} array the parser is on (or null, meaning none). */
    private static void readMembers(JsonParser parser, String origin, Map<Setting, RawValue> values,
                                    Diagnostics diagnostics) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) return;
        if (token != JsonToken.START_ARRAY) {
            diagnostics.error(origin + ": must be an array of member objects");
            parser.skipChildren();
            return;
        }
        List<RawMember> members = new ArrayList<>();
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            String memberOrigin = "members[" + index + "]";
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                members.add(readMember(parser, memberOrigin, diagnostics));
            } else {
                diagnostics.error(memberOrigin + ": must be an object, found " + parser.currentToken());
                parser.skipChildren();
                members.add(RawMember.malformed(memberOrigin));
            }
        }
        values.put(Setting.MEMBERS, RawValue.ofMembers(new RawMembers(origin, members, null)));
    }

    /** Reads one member object; its fields stay text, which {@link EnsembleResolver} parses. */
    private static RawMember readMember(JsonParser parser, String origin, Diagnostics diagnostics) throws IOException {
        Map<String, RawValue> fields = new HashMap<>();
        boolean malformed = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String fieldOrigin = origin + "." + key;
            JsonToken token = parser.nextToken();
            if (!MEMBER_KEYS.contains(key)) {
                diagnostics.warning("unknown key '" + fieldOrigin + "' in JSON config");
                parser.skipChildren();
            } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                diagnostics.error(fieldOrigin + ": must not be an " + (token == JsonToken.START_OBJECT ? "object" : "array"));
                parser.skipChildren();
                malformed = true;
            } else if (token != JsonToken.VALUE_NULL) {
                fields.put(key, new RawValue(fieldOrigin, parser.getText()));
            }
        }
        if (malformed) return RawMember.malformed(origin);
        return new RawMember(origin, fields.get("id"), fields.get("host"), null, fields.get("clientPort"),
                fields.get("peerPort"), null, fields.get("role"), false);
    }
}
