package io.paddock.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ZooKeeper's {@code <dataDir>/myid}: a file holding the server's id as a decimal number, which
 * is how a zoo.cfg shared by every server of an ensemble leaves each one its own identity.
 *
 * <p>{@link #read} turns the file into a raw {@link Setting#SERVER_ID} value whose origin names
 * the file, so that range errors name it too. As in ZooKeeper, the first line counts and
 * surrounding whitespace is trimmed. A missing, unreadable, empty or non-decimal file is an
 * error naming the file. Reads the file system, so it runs only inside
 * {@link ConfigLoader#load}. Stateless.
 */
final class MyIdFile {
    static final String NAME = "myid";
    /** A server id has at most three digits; anything much longer is not a myid file. */
    private static final int BYTES_MAX = 4096;

    private MyIdFile() { }

    /** The id in {@code dataDir}'s myid file, or null after reporting why there is none. */
    static RawValue read(Path dataDir, Diagnostics diagnostics) {
        Path file = dataDir.resolve(NAME);
        String origin = "myid file '" + file + "'";
        if (!Files.isRegularFile(file)) {
            diagnostics.error(origin + " does not exist: with ensemble members configured, this node's id is"
                    + " serverId (in the file, or flag --id) or the decimal number in this file, as in ZooKeeper");
            return null;
        }
        String text;
        try {
            text = firstLine(file);
        } catch (IOException e) {
            diagnostics.error(origin + " cannot be read: " + e);
            return null;
        }
        RawValue value = new RawValue(origin, text);
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            Values.report(value, "is not a decimal server id", diagnostics);
            return null;
        }
        return value;
    }

    /** The text of {@code dataDir}'s myid file when there is a readable one, for a consistency warning. */
    static Optional<String> peek(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(firstLine(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(Path file) throws IOException {
        if (Files.size(file) > BYTES_MAX) return "(more than " + BYTES_MAX + " bytes)";
        // ISO-8859-1 decodes any bytes, so a garbled file shows up as a bad number, not a decoding error.
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        return text.lines().findFirst().orElse("").trim();
    }
}
