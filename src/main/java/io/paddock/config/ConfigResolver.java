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
        EnsembleResolver ensemble = EnsembleResolver.resolve(raw.get(MEMBERS), diagnostics);
        int serverId = serverId(ensemble, dataDir);
        clientAddress = ensemble.clientAddress(given(CLIENT_ADDRESS), clientAddress);
        clientPort = ensemble.clientPort(given(CLIENT_PORT), clientPort);
        int heartbeatMs = intValue(HEARTBEAT_MS, NodeConfig.DEFAULT_HEARTBEAT_MS);
        int electionTimeoutMs = intValue(ELECTION_TIMEOUT_MS, NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS);
        checkElectionTimeout(heartbeatMs, electionTimeoutMs);
        int leaderlessHoldMs = intValue(LEADERLESS_HOLD_MS, NodeConfig.DEFAULT_LEADERLESS_HOLD_MS);
        checkLeaderlessHold(leaderlessHoldMs, electionTimeoutMs);
        int juteMaxBufferBytes = intValue(JUTE_MAX_BUFFER_BYTES, NodeConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES);
        long peerBytesInFlightMax = peerBytesInFlightMax(juteMaxBufferBytes);
        return new NodeConfig(
                clientAddress, clientPort, dataDir, dataLogDir,
                tickMs, minSessionTimeoutMs, maxSessionTimeoutMs,
                intValue(MAX_CLIENT_CNXNS, NodeConfig.DEFAULT_MAX_CLIENT_CNXNS),
                juteMaxBufferBytes,
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
                serverId,
                longValue(ELECTION_SEED, 0L),
                intValue(HTTP_PORT, NodeConfig.DEFAULT_HTTP_PORT),
                ensemble.members(clientPort),
                heartbeatMs, electionTimeoutMs, leaderlessHoldMs,
                limitInTicks(INIT_LIMIT, NodeConfig.DEFAULT_INIT_LIMIT, tickMs),
                limitInTicks(SYNC_LIMIT, NodeConfig.DEFAULT_SYNC_LIMIT, tickMs),
                intValue(DIFF_WINDOW_TXNS, NodeConfig.DEFAULT_DIFF_WINDOW_TXNS),
                longValue(DIFF_WINDOW_BYTES, NodeConfig.DEFAULT_DIFF_WINDOW_BYTES),
                peerBytesInFlightMax,
                intValue(WATCH_HISTORY_TXNS, NodeConfig.DEFAULT_WATCH_HISTORY_TXNS),
                intValue(WEB_SOCKET_MESSAGE_BYTES_MAX, NodeConfig.DEFAULT_WEB_SOCKET_MESSAGE_BYTES_MAX));
    }

    /** The raw value of a setting that was given and is valid, or null: what a consistency check may compare. */
    private RawValue given(Setting setting) {
        return invalid.contains(setting) ? null : raw.get(setting);
    }

    // ---- the ensemble -------------------------------------------------------------------

    /**
     * This node's id: serverId from the flags or the file; failing that, in an ensemble, the
     * number in {@code <dataDir>/myid}, as ZooKeeper does. When both serverId and a myid file
     * exist and disagree, serverId wins with a warning, since one of them is likely stale.
     */
    private int serverId(EnsembleResolver ensemble, Path dataDir) {
        boolean fromMyId = ensemble.configured() && !raw.containsKey(SERVER_ID);
        if (fromMyId) {
            // Without a usable dataDir there is no myid to read; that error is already reported.
            RawValue myId = invalid.contains(DATA_DIR) ? null : MyIdFile.read(dataDir, diagnostics);
            if (myId == null) {
                invalid.add(SERVER_ID);
                return NodeConfig.DEFAULT_SERVER_ID;
            }
            raw.put(SERVER_ID, myId);
        }
        int serverId = intValue(SERVER_ID, NodeConfig.DEFAULT_SERVER_ID);
        if (invalid.contains(SERVER_ID)) return serverId;
        RawValue given = raw.get(SERVER_ID);
        if (ensemble.configured() && !fromMyId && !invalid.contains(DATA_DIR)) {
            MyIdFile.peek(dataDir).filter(text -> !text.equals(Integer.toString(serverId))).ifPresent(text ->
                    diagnostics.warning("myid file '" + dataDir.resolve(MyIdFile.NAME) + "' says '" + text
                            + "', but serverId is " + serverId + " (" + given.origin() + "); using " + serverId));
        }
        ensemble.checkSelf(serverId, given == null ? "the default" : given.origin());
        return serverId;
    }

    /** A follower that waits for a heartbeat must be able to miss at least one before it gives up. */
    private void checkElectionTimeout(int heartbeatMs, int electionTimeoutMs) {
        if (invalid.contains(HEARTBEAT_MS) || invalid.contains(ELECTION_TIMEOUT_MS)) return;
        if (electionTimeoutMs >= 2L * heartbeatMs) return;
        diagnostics.error(describe(ELECTION_TIMEOUT_MS, electionTimeoutMs, "the default") + " must be at least twice "
                + describe(HEARTBEAT_MS, heartbeatMs, "the default"));
    }

    /**
     * Closing connections before an election can end makes every election disconnect clients,
     * which is legal but rarely meant; so it is a warning.
     */
    private void checkLeaderlessHold(int leaderlessHoldMs, int electionTimeoutMs) {
        if (invalid.contains(LEADERLESS_HOLD_MS) || invalid.contains(ELECTION_TIMEOUT_MS)) return;
        if (leaderlessHoldMs >= 2L * electionTimeoutMs) return;
        diagnostics.warning(describe(LEADERLESS_HOLD_MS, leaderlessHoldMs, "the default")
                + " is shorter than the longest election timeout, 2 x " + describe(ELECTION_TIMEOUT_MS, electionTimeoutMs,
                "the default") + ": clients may be disconnected during an ordinary election");
    }

    /** initLimit and syncLimit count ticks, and the time they stand for must fit an int of ms. */
    private int limitInTicks(Setting setting, int fallback, int tickMs) {
        int ticks = intValue(setting, fallback);
        if (invalid.contains(setting) || invalid.contains(TICK_MS) || (long) ticks * tickMs <= Integer.MAX_VALUE) return ticks;
        return fail(setting, raw.get(setting) == null ? raw.get(TICK_MS) : raw.get(setting),
                "is too large: " + setting.key() + " x tickMs " + tickMs + " overflows an int of milliseconds", fallback);
    }

    /**
     * A peer queue smaller than one largest txn may never be able to take that txn; the
     * consensus layer decides what it does then, so this is a warning and not an error.
     */
    private long peerBytesInFlightMax(int juteMaxBufferBytes) {
        long bytes = longValue(PEER_BYTES_IN_FLIGHT_MAX, NodeConfig.DEFAULT_PEER_BYTES_IN_FLIGHT_MAX);
        if (bytes < juteMaxBufferBytes && !invalid.contains(PEER_BYTES_IN_FLIGHT_MAX) && !invalid.contains(JUTE_MAX_BUFFER_BYTES)) {
            diagnostics.warning(describe(PEER_BYTES_IN_FLIGHT_MAX, bytes, "the default") + " is smaller than "
                    + describe(JUTE_MAX_BUFFER_BYTES, juteMaxBufferBytes, "the default") + ", the largest txn");
        }
        return bytes;
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
        return describe(setting, valueMs, "derived from tickMs");
    }

    /** Names a setting, its value and where it came from ({@code fallbackSource} when it was not given). */
    private String describe(Setting setting, long value, String fallbackSource) {
        RawValue given = raw.get(setting);
        return setting.key() + " " + value + " (" + (given == null ? fallbackSource : given.origin()) + ")";
    }

    /** ZooKeeper raises a retain count below 3 to 3 with a warning rather than refusing to start. */
    private int snapRetainCount() {
        int count = intValue(AUTOPURGE_SNAP_RETAIN_COUNT, NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT);
        if (count >= NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT) return count;
        diagnostics.warning(raw.get(AUTOPURGE_SNAP_RETAIN_COUNT).origin() + ": '" + count + "' is below the minimum of "
                + NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT + "; using " + NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT);
        return NodeConfig.MIN_AUTOPURGE_SNAP_RETAIN_COUNT;
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
        Long parsed = Values.number(value, setting.kind() == Kind.LONG, setting.min(), setting.max(), diagnostics);
        if (parsed != null) return parsed;
        invalid.add(setting);
        return fallback;
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
