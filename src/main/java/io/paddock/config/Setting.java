package io.paddock.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table of settings a user can write: one constant per {@link NodeConfig} component, with
 * the kind of value it takes and, for numbers, the range it must fall in.
 *
 * <p>This enum owns the spelling of every key in the JSON format ({@link #key()}, identical to
 * the record component) and on the command line ({@link #flag()}, its kebab-case form). The
 * {@code zoo.cfg} spellings live in {@link ZooCfgReader}, because they are ZooKeeper's names,
 * not ours. A few flags also have a short alias ({@code --id} for {@code --server-id}). Invariant: {@code key()} equals the name of a {@link NodeConfig} record component
 * (a test checks this), and {@code min <= max} for numeric kinds.
 */
enum Setting {
    CLIENT_ADDRESS("clientAddress", Kind.TEXT),
    // 0 asks the operating system for a free port (tests; the log line names the bound port).
    CLIENT_PORT("clientPort", Kind.INT, 0, 65_535),
    DATA_DIR("dataDir", Kind.PATH),
    DATA_LOG_DIR("dataLogDir", Kind.PATH),
    TICK_MS("tickMs", Kind.INT, 1, Integer.MAX_VALUE),
    // -1 is ZooKeeper's spelling of "derive from the tick"; ConfigResolver handles it first.
    MIN_SESSION_TIMEOUT_MS("minSessionTimeoutMs", Kind.INT, 1, Integer.MAX_VALUE),
    MAX_SESSION_TIMEOUT_MS("maxSessionTimeoutMs", Kind.INT, 1, Integer.MAX_VALUE),
    MAX_CLIENT_CNXNS("maxClientCnxns", Kind.INT, 0, Integer.MAX_VALUE),
    JUTE_MAX_BUFFER_BYTES("juteMaxBufferBytes", Kind.INT, 1, Integer.MAX_VALUE),
    EXTENDED_TYPES_ENABLED("extendedTypesEnabled", Kind.BOOL),
    SUPER_DIGEST("superDigest", Kind.TEXT),
    FOUR_LETTER_WORD_WHITELIST("fourLetterWordWhitelist", Kind.WORDS),
    // Values below 3 are raised to 3 with a warning, as ZooKeeper does, so the range starts at 0.
    AUTOPURGE_SNAP_RETAIN_COUNT("autopurgeSnapRetainCount", Kind.INT, 0, Integer.MAX_VALUE),
    AUTOPURGE_PURGE_INTERVAL_HOURS("autopurgePurgeIntervalHours", Kind.INT, 0, Integer.MAX_VALUE),
    SNAPSHOT_TXN_COUNT_MAX("snapshotTxnCountMax", Kind.INT, 1, Integer.MAX_VALUE),
    SNAPSHOT_LOG_BYTES_MAX("snapshotLogBytesMax", Kind.LONG, 1, Long.MAX_VALUE),
    LOG_SEGMENT_BYTES_MAX("logSegmentBytesMax", Kind.LONG, 1, Long.MAX_VALUE),
    PREALLOCATE_BYTES("preallocateBytes", Kind.LONG, 1, Long.MAX_VALUE),
    OUTSTANDING_REQUESTS_MAX("outstandingRequestsMax", Kind.INT, 1, Integer.MAX_VALUE),
    GLOBAL_OUTSTANDING_LIMIT("globalOutstandingLimit", Kind.INT, 1, Integer.MAX_VALUE),
    CONTAINER_CHECK_INTERVAL_MS("containerCheckIntervalMs", Kind.INT, 1, Integer.MAX_VALUE),
    CONTAINER_MAX_PER_MINUTE("containerMaxPerMinute", Kind.INT, 1, Integer.MAX_VALUE),
    TTL_CHECK_INTERVAL_MS("ttlCheckIntervalMs", Kind.INT, 1, Integer.MAX_VALUE),
    FORCE_SYNC("forceSync", Kind.BOOL),
    // The id is the top byte of the node's session ids, where 0xFF is taken (see session.SessionIds);
    // ensemble members need 1..254, which EnsembleResolver checks.
    SERVER_ID("serverId", Kind.INT, 0, NodeConfig.MAX_SERVER_ID),
    ELECTION_SEED("electionSeed", Kind.LONG, Long.MIN_VALUE, Long.MAX_VALUE),
    // 0 turns the HTTP port off. The JSON key adminPort is read as a deprecated alias (JsonConfigReader).
    HTTP_PORT("httpPort", Kind.INT, 0, 65_535),
    MEMBERS("members", Kind.MEMBERS),
    HEARTBEAT_MS("heartbeatMs", Kind.INT, 1, Integer.MAX_VALUE),
    // Also at least 2 x heartbeatMs, which ConfigResolver checks.
    ELECTION_TIMEOUT_MS("electionTimeoutMs", Kind.INT, 1, Integer.MAX_VALUE),
    // 0 closes a leaderless node's connections at once.
    LEADERLESS_HOLD_MS("leaderlessHoldMs", Kind.INT, 0, Integer.MAX_VALUE),
    INIT_LIMIT("initLimit", Kind.INT, 1, Integer.MAX_VALUE),
    SYNC_LIMIT("syncLimit", Kind.INT, 1, Integer.MAX_VALUE),
    // 0 keeps no window: a follower that is behind at all is brought up to date by a snapshot.
    DIFF_WINDOW_TXNS("diffWindowTxns", Kind.INT, 0, Integer.MAX_VALUE),
    DIFF_WINDOW_BYTES("diffWindowBytes", Kind.LONG, 0, Long.MAX_VALUE),
    PEER_BYTES_IN_FLIGHT_MAX("peerBytesInFlightMax", Kind.LONG, 1, Long.MAX_VALUE),
    // 0 keeps no history: a resumable watch can then only start from the node's current zxid.
    WATCH_HISTORY_TXNS("watchHistoryTxns", Kind.INT, 0, Integer.MAX_VALUE),
    WEB_SOCKET_MESSAGE_BYTES_MAX("webSocketMessageBytesMax", Kind.INT, NodeConfig.MIN_WEB_SOCKET_MESSAGE_BYTES_MAX,
            NodeConfig.MAX_WEB_SOCKET_MESSAGE_BYTES_MAX);

    /** How a value's text is read; MEMBERS values are structured ({@link RawValue#members()}). */
    enum Kind { INT, LONG, BOOL, TEXT, PATH, WORDS, MEMBERS }

    /** Short flags that mean the same as a kebab-case one: {@code --id} is ZooKeeper's myid. */
    private static final Map<String, Setting> FLAG_ALIASES = Map.of("id", SERVER_ID);

    private final String key;
    private final Kind kind;
    private final long min;
    private final long max;

    Setting(String key, Kind kind) {
        this(key, kind, 0, 0);
    }

    Setting(String key, Kind kind, long min, long max) {
        this.key = key;
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    /** The JSON key, which is also the {@link NodeConfig} component name. */
    String key() {
        return key;
    }

    /** The command-line flag name without dashes, e.g. {@code tick-ms} for {@code tickMs}. */
    String flag() {
        return key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    Kind kind() {
        return kind;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    static Optional<Setting> byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) return Optional.of(setting);
        }
        return Optional.empty();
    }

    /** The setting a flag name (without dashes) sets: its kebab-case key, or an alias such as {@code id}. */
    static Optional<Setting> byFlag(String flag) {
        if (FLAG_ALIASES.containsKey(flag)) return Optional.of(FLAG_ALIASES.get(flag));
        for (Setting setting : values()) {
            if (setting.flag().equals(flag)) return Optional.of(setting);
        }
        return Optional.empty();
    }
}
