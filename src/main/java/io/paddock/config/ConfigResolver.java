package io.paddock.config;

import static io.paddock.config.Setting.*;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns merged raw settings into a {@link NodeConfig}: parses every value, applies defaults
 * (including the session bounds derived from the tick), and validates each value and the
 * relations between them.
 *
 * <p>Every problem is reported to {@link Diagnostics} as one line naming where the value came
 * from and what was wrong with it, and resolution carries on with the default in its place, so
 * one run lists every mistake. The returned record is meaningful only when no error was
 * reported. Single-use and confined to the thread running {@link ConfigLoader#load}.
 *
 * <p>Invariant: {@code invalid} holds exactly the settings whose value was reported as an
 * error; relational checks skip them so that one bad value never causes a second, misleading
 * error.
 */
final class ConfigResolver {
    private static final int SHA1_DIGEST_BYTES = 20;

    private final Map<Setting, RawValue> raw;
    private final Diagnostics diagnostics;
    private final Set<Setting> invalid = EnumSet.noneOf(Setting.class);

    private ConfigResolver(Map<Setting, RawValue> raw, Diagnostics diagnostics) {
        this.raw = new EnumMap<>(Setting.class);
        this.raw.putAll(raw);
        this.diagnostics = diagnostics;
        // ZooKeeper reads a session bound of -1 as "derive it from the tick"; so do we.
        this.raw.entrySet().removeIf(e -> (e.getKey() == MIN_SESSION_TIMEOUT_MS || e.getKey() == MAX_SESSION_TIMEOUT_MS)
                && e.getValue().text().trim().equals("-1"));
    }

    /** Resolves {@code raw}; the result is only valid if {@code diagnostics} has no errors afterwards. */
    static NodeConfig resolve(Map<Setting, RawValue> raw, Diagnostics diagnostics) {
        return new ConfigResolver(raw, diagnostics).resolve();
    }

    private NodeConfig resolve() {
        String clientAddress = clientAddress();
        int clientPort = intValue(CLIENT_PORT, NodeConfig.DEFAULT_CLIENT_PORT);
        Path dataDir = path(DATA_DIR, NodeConfig.DEFAULT_DATA_DIR);
        Path dataLogDir = path(DATA_LOG_DIR, dataDir);
        int tickMs = intValue(TICK_MS, NodeConfig.DEFAULT_TICK_MS);
        int minSessionTimeoutMs = sessionTimeout(MIN_SESSION_TIMEOUT_MS, 2L * tickMs);
        int maxSessionTimeoutMs = sessionTimeout(MAX_SESSION_TIMEOUT_MS, 20L * tickMs);
        checkSessionBounds(minSessionTimeoutMs, maxSessionTimeoutMs);
        return new NodeConfig(
                clientAddress, clientPort, dataDir, dataLogDir,
                tickMs, minSessionTimeoutMs, maxSessionTimeoutMs,
                intValue(MAX_CLIENT_CNXNS, NodeConfig.DEFAULT_MAX_CLIENT_CNXNS),
                intValue(JUTE_MAX_BUFFER_BYTES, NodeConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES),
                bool(EXTENDED_TYPES_ENABLED, false),
                superDigest(),
                whitelist(),
                snapRetainCount(),
                intValue(AUTOPURGE_PURGE_INTERVAL_HOURS, 0),
                intValue(SNAPSHOT_TXN_COUNT_MAX, NodeConfig.DEFAULT_SNAPSHOT_TXN_COUNT_MAX),
                longValue(SNAPSHOT_LOG_BYTES_MAX, NodeConfig.DEFAULT_SNAPSHOT_LOG_BYTES_MAX),
                longValue(LOG_SEGMENT_BYTES_MAX, NodeConfig.DEFAULT_LOG_SEGMENT_BYTES_MAX),
                longValue(PREALLOCATE_BYTES, NodeConfig.DEFAULT_PREALLOCATE_BYTES),
                intValue(OUTSTANDING_REQUESTS_MAX, NodeConfig.DEFAULT_OUTSTANDING_REQUESTS_MAX),
                intValue(GLOBAL_OUTSTANDING_LIMIT, NodeConfig.DEFAULT_GLOBAL_OUTSTANDING_LIMIT),
                intValue(CONTAINER_CHECK_INTERVAL_MS, NodeConfig.DEFAULT_CONTAINER_CHECK_INTERVAL_MS),
                intValue(CONTAINER_MAX_PER_MINUTE, NodeConfig.DEFAULT_CONTAINER_MAX_PER_MINUTE),
                intValue(TTL_CHECK_INTERVAL_MS, NodeConfig.DEFAULT_TTL_CHECK_INTERVAL_MS),
                bool(FORCE_SYNC, true),
                intValue(SERVER_ID, NodeConfig.DEFAULT_SERVER_ID),
                longValue(ELECTION_SEED, 0L),
                adminPort());
    }

    // ---- values with rules of their own -------------------------------------------------

    private String clientAddress() {
        RawValue value = raw.get(CLIENT_ADDRESS);
        if (value == null) return NodeConfig.DEFAULT_CLIENT_ADDRESS;
        if (value.text().isBlank()) return fail(CLIENT_ADDRESS, value, "must not be empty", NodeConfig.DEFAULT_CLIENT_ADDRESS);
        return value.text().trim();
    }

    /** A session bound: the value given, or {@code derived} from the tick, which must fit an int. */
    private int sessionTimeout(Setting setting, long derived) {
        if (raw.containsKey(setting)) return intValue(setting, 1);
        if (derived <= Integer.MAX_VALUE || invalid.contains(TICK_MS)) return (int) Math.min(derived, Integer.MAX_VALUE);
        RawValue tick = raw.get(TICK_MS);
        invalid.add(setting);
        return fail(TICK_MS, tick, "is too large: the " + setting.key() + " derived from it overflows", 1);
    }

    private void checkSessionBounds(int minMs, int maxMs) {
        if (invalid.contains(MIN_SESSION_TIMEOUT_MS) || invalid.contains(MAX_SESSION_TIMEOUT_MS)) return;
        // A bound derived from a bad tick is a guess, so comparing it would report a second, bogus error.
        boolean derivesFromTick = !raw.containsKey(MIN_SESSION_TIMEOUT_MS) || !raw.containsKey(MAX_SESSION_TIMEOUT_MS);
        if (derivesFromTick && invalid.contains(TICK_MS)) return;
        if (minMs <= maxMs) return;
        diagnostics.error(describe(MIN_SESSION_TIMEOUT_MS, minMs) + " is greater than " + describe(MAX_SESSION_TIMEOUT_MS, maxMs));
    }

    /** Names a session bound and where it came from, for the min/max error. */
    private String describe(Setting setting, int valueMs) {
        RawValue value = raw.get(setting);
        String source = value == null ? "derived from tickMs" : value.origin();
        return setting.key() + " " + valueMs + " (" + source + ")";
    }

    /** ZooKeeper raises a retain count below 3 to 3 with a warning rather than refusing to start. */
    private int snapRetainCount() {
        int count = intValue(AUTOPURGE_SNAP_RETAIN_COUNT, NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT);
        if (count >= NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT) return count;
        diagnostics.warning(raw.get(AUTOPURGE_SNAP_RETAIN_COUNT).origin() + ": '" + count + "' is below the minimum of "
                + NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT + "; using " + NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT);
        return NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT;
    }

    private int adminPort() {
        int port = intValue(ADMIN_PORT, NodeConfig.ADMIN_PORT_DISABLED);
        if (port != 0) return port;
        return fail(ADMIN_PORT, raw.get(ADMIN_PORT), "must be -1 (disabled) or a port in 1..65535", NodeConfig.ADMIN_PORT_DISABLED);
    }

    /**
     * The digest must look like {@code user:BASE64(SHA1(user:password))}; a malformed one would
     * otherwise fail silently by never matching. The bad value is not echoed, since it is a
     * credential hash and error lines end up in logs.
     */
    private String superDigest() {
        RawValue value = raw.get(SUPER_DIGEST);
        if (value == null || value.text().isBlank()) return null;
        String digest = value.text().trim();
        int colon = digest.indexOf(':');
        boolean wellFormed = colon > 0;
        if (wellFormed) {
            try {
                wellFormed = Base64.getDecoder().decode(digest.substring(colon + 1)).length == SHA1_DIGEST_BYTES;
            } catch (IllegalArgumentException e) {
                wellFormed = false;
            }
        }
        if (wellFormed) return digest;
        invalid.add(SUPER_DIGEST);
        diagnostics.error(value.origin() + ": is not of the form user:BASE64(SHA1 digest)");
        return null;
    }

    /** Reads a comma-separated whitelist; {@code *} anywhere in it means every known word. */
    private Set<String> whitelist() {
        RawValue value = raw.get(FOUR_LETTER_WORD_WHITELIST);
        if (value == null) return NodeConfig.DEFAULT_FOUR_LETTER_WORD_WHITELIST;
        Set<String> words = new LinkedHashSet<>();
        for (String word : value.text().split(",")) {
            if (!word.isBlank()) words.add(word.trim());
        }
        if (words.contains("*")) return NodeConfig.KNOWN_FOUR_LETTER_WORDS;
        for (String word : words) {
            if (!NodeConfig.KNOWN_FOUR_LETTER_WORDS.contains(word)) {
                invalid.add(FOUR_LETTER_WORD_WHITELIST);
                diagnostics.error(value.origin() + ": '" + word + "' is not a four-letter word Paddock knows "
                        + NodeConfig.KNOWN_FOUR_LETTER_WORDS);
            }
        }
        return invalid.contains(FOUR_LETTER_WORD_WHITELIST) ? NodeConfig.DEFAULT_FOUR_LETTER_WORD_WHITELIST : words;
    }

    // ---- values by kind -----------------------------------------------------------------

    private int intValue(Setting setting, int fallback) {
        return (int) longValue(setting, fallback);
    }

    /** Parses a number (decimal, or hex with 0x), scales it to the setting's unit and range-checks it. */
    private long longValue(Setting setting, long fallback) {
        RawValue value = raw.get(setting);
        if (value == null) return fallback;
        long parsed;
        try {
            parsed = Math.multiplyExact(parseNumber(value.text().trim()), value.multiplier());
        } catch (NumberFormatException e) {
            return fail(setting, value, "is not " + (setting.kind() == Kind.LONG ? "a whole number" : "an integer"), fallback);
        } catch (ArithmeticException e) {
            return fail(setting, value, "is too large", fallback);
        }
        if (parsed < setting.min() || parsed > setting.max()) return fail(setting, value, rangeText(setting), fallback);
        return parsed;
    }

    /**
     * Decimal, or hexadecimal after {@code 0x} (ZooKeeper reads jute.maxbuffer with
     * {@code Integer.decode}, so {@code 0xfffff} appears in real files). Unlike
     * {@code Long.decode}, a leading zero does not mean octal: {@code 02181} is 2181.
     */
    private static long parseNumber(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseUnsignedLong(text.substring(2), 16);
        return Long.parseLong(text);
    }

    private static String rangeText(Setting setting) {
        if (setting.kind() == Kind.INT) return "is not in " + setting.min() + ".." + setting.max();
        return "must be at least " + setting.min();
    }

    /** Reads true/false as JSON writes them and yes/no as ZooKeeper's forceSync does. */
    private boolean bool(Setting setting, boolean fallback) {
        RawValue value = raw.get(setting);
        if (value == null) return fallback;
        switch (value.text().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes": return true;
            case "false", "no": return false;
            default: return fail(setting, value, "is not a boolean (true, false, yes or no)", fallback);
        }
    }

    /** A path as given, normalised but not made absolute: relative paths stay relative to the working directory. */
    private Path path(Setting setting, Path fallback) {
        RawValue value = raw.get(setting);
        if (value == null) return fallback;
        if (value.text().isBlank()) return fail(setting, value, "must not be empty", fallback);
        try {
            return Path.of(value.text().trim()).normalize();
        } catch (InvalidPathException e) {
            return fail(setting, value, "is not a valid path: " + e.getReason(), fallback);
        }
    }

    /** Reports one bad value and returns the fallback so that resolution can go on. */
    private <T> T fail(Setting setting, RawValue value, String problem, T fallback) {
        invalid.add(setting);
        diagnostics.error(value.origin() + ": '" + value.text() + "' " + problem);
        return fallback;
    }
}
