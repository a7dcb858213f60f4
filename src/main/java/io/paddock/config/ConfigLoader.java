package io.paddock.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place Paddock reads its configuration: a file (Paddock JSON or ZooKeeper zoo.cfg) and
 * command-line flags, merged and validated into a {@link NodeConfig}.
 *
 * <p>Precedence, lowest first: built-in defaults, the file, the flags. A {@code --members} flag
 * replaces the file's member list whole. In an ensemble whose serverId is given neither by a
 * flag nor by the file, the id is read from {@code <dataDir>/myid} (ZooKeeper's way). Derived defaults are
 * computed after merging, so a {@code --tick-ms 500} flag moves the default session bounds to
 * 1000..10000 unless either bound was given explicitly somewhere. The file format is chosen by
 * content: JSON when its first non-blank character is {@code '{'}, zoo.cfg otherwise.
 *
 * <p>Loading never throws for user mistakes and never stops at the first one: a missing file,
 * bad values and bad flags are all reported together in a {@link LoadResult.Failed}. It does
 * blocking file I/O, so call it before the event loop starts (from {@code Main}). Stateless.
 */
public final class ConfigLoader {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ConfigLoader() { }

    /** Reads, merges and validates {@code source}. */
    public static LoadResult load(ConfigSource source) {
        Diagnostics diagnostics = new Diagnostics();
        Map<Setting, RawValue> raw = new EnumMap<>(Setting.class);
        source.fileIfAny().ifPresent(file -> raw.putAll(readFile(file, diagnostics)));
        raw.putAll(readFlags(source.flags(), diagnostics));
        NodeConfig config = ConfigResolver.resolve(raw, diagnostics);
        if (diagnostics.hasErrors()) return new LoadResult.Failed(diagnostics.errors(), diagnostics.warnings());
        return new LoadResult.Loaded(config, diagnostics.warnings());
    }

    private static Map<Setting, RawValue> readFile(Path file, Diagnostics diagnostics) {
        Optional<byte[]> bytes = readBytes(file, diagnostics);
        if (bytes.isEmpty()) return Map.of();
        if (looksLikeJson(bytes.get())) return JsonConfigReader.read(bytes.get(), file.toString(), diagnostics);
        return ZooCfgReader.read(decodeZooCfg(bytes.get()), diagnostics);
    }

    private static Optional<byte[]> readBytes(Path file, Diagnostics diagnostics) {
        String quoted = "config file '" + file + "'";
        if (Files.isDirectory(file)) {
            diagnostics.error(quoted + " is a directory");
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            diagnostics.error(quoted + " does not exist");
        } catch (AccessDeniedException e) {
            diagnostics.error(quoted + " is not readable: permission denied");
        } catch (IOException e) {
            diagnostics.error(quoted + " is not readable: " + e);
        }
        return Optional.empty();
    }

    /** True when the first character that is not whitespace (after an optional BOM) is '{'. */
    static boolean looksLikeJson(byte[] bytes) {
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        for (int i = start; i < bytes.length; i++) {
            if (!Character.isWhitespace(bytes[i])) return bytes[i] == '{';
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) return false;
        }
        return true;
    }

    /**
     * ZooKeeper loads zoo.cfg through an InputStream, which {@link java.util.Properties} reads as
     * ISO-8859-1. We prefer UTF-8, so that a path with non-ASCII characters written by a modern
     * editor survives, and fall back to ISO-8859-1 for files that are not valid UTF-8.
     */
    private static String decodeZooCfg(byte[] bytes) {
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static Map<Setting, RawValue> readFlags(Map<String, String> flags, Diagnostics diagnostics) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        // Sorted so that errors come out in the same order on every run.
        flags.keySet().stream().sorted().forEach(name -> {
            String bare = name.replaceFirst("^-+", "");
            Optional<Setting> setting = Setting.byFlag(bare);
            if (setting.isEmpty()) {
                diagnostics.error("unknown flag --" + bare);
            } else if (setting.get() == Setting.MEMBERS) {
                values.put(Setting.MEMBERS, RawValue.ofMembers(MemberSyntax.flag("flag --" + bare, flags.get(name), diagnostics)));
            } else {
                values.put(setting.get(), new RawValue("flag --" + bare, flags.get(name)));
            }
        });
        return values;
    }
}
