package io.paddock.wire.json;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one JSON object's fields for the request mapper, each failing with a
 * {@link JsonErrors#BAD_REQUEST} that names the field ({@code "multi op 2: field 'path' ..."}).
 * Fields the protocol does not define are ignored, so that newer clients can add some.
 *
 * <p>Zxids and session ids are 64-bit and JavaScript numbers hold 53 bits, so they are
 * accepted as {@code "0x..."} hex strings (as the node writes them), decimal strings or JSON
 * integers. Znode data is {@code data} (UTF-8 text) or {@code dataBase64}, never both.
 *
 * <p>A short-lived view over a parsed message; single-threaded.
 */
final class Fields {
    private final Map<String, Object> object;
    /** Where the object sits, for messages: "" for the message itself, "multi op 2: " inside a multi. */
    private final String where;

    Fields(Map<String, Object> object, String where) {
        this.object = object;
        this.where = where;
    }

    boolean has(String name) {
        return object.get(name) != null;
    }

    JsonException bad(String name, String problem) {
        return new JsonException(JsonErrors.BAD_REQUEST, where + "field '" + name + "' " + problem);
    }

    String string(String name) throws JsonException {
        Object value = object.get(name);
        if (value == null) {
            throw bad(name, "is required (a string)");
        }
        if (!(value instanceof String text)) {
            throw bad(name, "must be a string");
        }
        return text;
    }

    String string(String name, String fallback) throws JsonException {
        return has(name) ? string(name) : fallback;
    }

    String path() throws JsonException {
        return string("path");
    }

    boolean bool(String name, boolean fallback) throws JsonException {
        Object value = object.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw bad(name, "must be true or false");
        }
        return flag;
    }

    long integer(String name, long fallback, long min, long max) throws JsonException {
        Object value = object.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Long number)) {
            throw bad(name, "must be an integer");
        }
        if (number < min || number > max) {
            throw bad(name, "must be in " + min + ".." + max + ", not " + number);
        }
        return number;
    }

    int version() throws JsonException {
        return (int) integer("version", -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A zxid or session id: "0x..." hex, a decimal string, or a JSON integer; {@code fallback} when absent. */
    long id64(String name, long fallback) throws JsonException {
        Object value = object.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof String text) {
            try {
                if (text.startsWith("0x") || text.startsWith("0X")) {
                    return Long.parseUnsignedLong(text.substring(2), 16);
                }
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw bad(name, "is not a 64-bit number: '" + text + "'");
            }
        }
        throw bad(name, "must be a \"0x...\" hex string, a decimal string or an integer");
    }

    /** The znode data: UTF-8 text in {@code data}, or {@code dataBase64}; empty when neither is given. */
    byte[] data() throws JsonException {
        return bytes("data", "dataBase64");
    }

    /** Bytes given as text ({@code textName}, UTF-8) or base64 ({@code base64Name}); empty when neither. */
    byte[] bytes(String textName, String base64Name) throws JsonException {
        boolean text = has(textName);
        boolean base64 = has(base64Name);
        if (text && base64) {
            throw bad(textName, "and '" + base64Name + "' cannot both be given");
        }
        if (text) {
            return string(textName).getBytes(StandardCharsets.UTF_8);
        }
        if (base64) {
            try {
                return Base64.getDecoder().decode(string(base64Name));
            } catch (IllegalArgumentException e) {
                throw bad(base64Name, "is not base64: " + e.getMessage());
            }
        }
        return new byte[0];
    }

    /** Bytes given in base64 only (a session password); empty when absent. */
    byte[] base64(String name) throws JsonException {
        if (!has(name)) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(string(name));
        } catch (IllegalArgumentException e) {
            throw bad(name, "is not base64: " + e.getMessage());
        }
    }

    /** Reply data as base64 ({@code "encoding": "base64"}) rather than text ("utf8", the default). */
    boolean base64Replies() throws JsonException {
        String encoding = string("encoding", "utf8");
        return switch (encoding) {
            case "utf8" -> false;
            case "base64" -> true;
            default -> throw bad("encoding", "must be \"utf8\" or \"base64\", not '" + encoding + "'");
        };
    }

    List<Object> list(String name) throws JsonException {
        Object value = object.get(name);
        if (value == null) {
            throw bad(name, "is required (an array)");
        }
        if (!(value instanceof List<?> list)) {
            throw bad(name, "must be an array");
        }
        @SuppressWarnings("unchecked")
        List<Object> objects = (List<Object>) list;
        return objects;
    }

    /** A list of strings, empty when absent. */
    List<String> strings(String name) throws JsonException {
        if (!has(name)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object value : list(name)) {
            if (!(value instanceof String text)) {
                throw bad(name, "must be an array of strings");
            }
            out.add(text);
        }
        return List.copyOf(out);
    }

    /** An ACL list; {@code fallback} when absent. */
    List<Acl> acl(String name, List<Acl> fallback) throws JsonException {
        if (!has(name)) {
            return fallback;
        }
        List<Acl> out = new ArrayList<>();
        List<Object> entries = list(name);
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw bad(name, "must be an array of {perms, scheme, id} objects");
            }
            @SuppressWarnings("unchecked")
            Fields f = new Fields((Map<String, Object>) entry, where + name + "[" + i + "]: ");
            out.add(new Acl(f.perms(), new Id(f.string("scheme"), f.string("id"))));
        }
        return List.copyOf(out);
    }

    /** ACL permissions: an integer 0..31 or letters of "rwcda" (read, write, create, delete, admin). */
    private int perms() throws JsonException {
        Object value = object.get("perms");
        if (value instanceof Long) {
            return (int) integer("perms", 0, 0, Perms.ALL);
        }
        int perms = 0;
        for (char c : string("perms").toCharArray()) {
            perms |= switch (c) {
                case 'r' -> Perms.READ;
                case 'w' -> Perms.WRITE;
                case 'c' -> Perms.CREATE;
                case 'd' -> Perms.DELETE;
                case 'a' -> Perms.ADMIN;
                default -> throw bad("perms", "must be an integer or letters of \"rwcda\", not '" + c + "'");
            };
        }
        return perms;
    }
}
