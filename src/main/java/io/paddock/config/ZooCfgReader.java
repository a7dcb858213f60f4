package io.paddock.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads a ZooKeeper {@code zoo.cfg} into raw settings, so that an existing ZooKeeper deployment
 * can point Paddock at the file it already has.
 *
 * <p>This class owns the mapping from ZooKeeper's key spellings to Paddock's settings, and the
 * list of ZooKeeper keys Paddock knowingly does not honour. The syntax is exactly
 * {@link Properties#load(java.io.Reader)}, which is what ZooKeeper itself uses: {@code key=value},
 * {@code key:value} or {@code key value}; {@code #} and {@code !} comments; backslash escapes and
 * line continuations. Values are trimmed, as ZooKeeper trims them. ZooKeeper copies keys it does
 * not recognise into system properties prefixed with {@code zookeeper.}, which is why
 * {@code zookeeper.snapCount} and {@code snapCount} mean the same thing there; this reader accepts
 * both spellings for every key it honours.
 *
 * <p>The ensemble is ZooKeeper's too: every {@code server.N} line becomes a member (see
 * {@link MemberSyntax}), and {@code peerType} is kept to be checked against this server's own
 * line. These two are not accepted with the {@code zookeeper.} prefix, since ZooKeeper reads
 * them only as written.
 *
 * <p>ZooKeeper's AdminServer keys map to the HTTP port: {@code admin.serverPort} is
 * {@code httpPort}, and {@code admin.enableServer=false} turns it off (httpPort 0).
 *
 * <p>Every key read yields either a raw value, or exactly one warning ("ignored" for keys
 * ZooKeeper knows but Paddock does not use, "unknown key" for anything else).
 * Stateless; safe from any thread.
 */
final class ZooCfgReader {
    private static final String SYSTEM_PROPERTY_PREFIX = "zookeeper.";
    private static final long KIB = 1024;

    /** A zoo.cfg spelling of a setting, and the factor from its unit to the setting's unit. */
    private record Alias(Setting setting, long multiplier) { }

    private static final Map<String, Alias> ALIASES = Map.ofEntries(
            Map.entry("tickTime", new Alias(Setting.TICK_MS, 1)),
            Map.entry("dataDir", new Alias(Setting.DATA_DIR, 1)),
            Map.entry("dataLogDir", new Alias(Setting.DATA_LOG_DIR, 1)),
            Map.entry("clientPort", new Alias(Setting.CLIENT_PORT, 1)),
            Map.entry("clientPortAddress", new Alias(Setting.CLIENT_ADDRESS, 1)),
            Map.entry("maxClientCnxns", new Alias(Setting.MAX_CLIENT_CNXNS, 1)),
            Map.entry("minSessionTimeout", new Alias(Setting.MIN_SESSION_TIMEOUT_MS, 1)),
            Map.entry("maxSessionTimeout", new Alias(Setting.MAX_SESSION_TIMEOUT_MS, 1)),
            Map.entry("autopurge.snapRetainCount", new Alias(Setting.AUTOPURGE_SNAP_RETAIN_COUNT, 1)),
            Map.entry("autopurge.purgeInterval", new Alias(Setting.AUTOPURGE_PURGE_INTERVAL_HOURS, 1)),
            Map.entry("4lw.commands.whitelist", new Alias(Setting.FOUR_LETTER_WORD_WHITELIST, 1)),
            Map.entry("jute.maxbuffer", new Alias(Setting.JUTE_MAX_BUFFER_BYTES, 1)),
            Map.entry("extendedTypesEnabled", new Alias(Setting.EXTENDED_TYPES_ENABLED, 1)),
            Map.entry("superDigest", new Alias(Setting.SUPER_DIGEST, 1)),
            Map.entry("DigestAuthenticationProvider.superDigest", new Alias(Setting.SUPER_DIGEST, 1)),
            Map.entry("snapCount", new Alias(Setting.SNAPSHOT_TXN_COUNT_MAX, 1)),
            // ZooKeeper counts both of these in KiB; our settings are in bytes.
            Map.entry("snapSizeLimitInKb", new Alias(Setting.SNAPSHOT_LOG_BYTES_MAX, KIB)),
            Map.entry("preAllocSize", new Alias(Setting.PREALLOCATE_BYTES, KIB)),
            Map.entry("forceSync", new Alias(Setting.FORCE_SYNC, 1)),
            Map.entry("globalOutstandingLimit", new Alias(Setting.GLOBAL_OUTSTANDING_LIMIT, 1)),
            Map.entry("znode.container.checkIntervalMs", new Alias(Setting.CONTAINER_CHECK_INTERVAL_MS, 1)),
            Map.entry("znode.container.maxPerMinute", new Alias(Setting.CONTAINER_MAX_PER_MINUTE, 1)),
            Map.entry("initLimit", new Alias(Setting.INIT_LIMIT, 1)),
            Map.entry("syncLimit", new Alias(Setting.SYNC_LIMIT, 1)),
            // ZooKeeper's AdminServer port; Paddock's HTTP port serves the same kind of JSON commands.
            Map.entry("admin.serverPort", new Alias(Setting.HTTP_PORT, 1)));

    /** {@code admin.enableServer=false} turns the HTTP port off, whatever admin.serverPort says. */
    private static final String ADMIN_ENABLE_SERVER_KEY = "admin.enableServer";

    /** A server line's key: {@code server.} and the id (checked later, so {@code server.x} reaches the resolver). */
    private static final String SERVER_KEY_PREFIX = "server.";
    private static final String PEER_TYPE_KEY = "peerType";

    /**
     * ZooKeeper keys that configure what Paddock does differently (its election, reconfiguration,
     * multi-address and local-session machinery), TLS, SASL, metrics or the admin server.
     */
    private static final Set<String> IGNORED_KEYS = Set.of(
            "electionAlg", "electionPortBindRetry",
            "quorumListenOnAllIPs", "cnxTimeout", "standaloneEnabled", "reconfigEnabled",
            "dynamicConfigFile", "localSessionsEnabled", "localSessionsUpgradingEnabled",
            "secureClientPort", "secureClientPortAddress", "clientPortListenBacklog", "maxCnxns",
            "syncEnabled", "observerMasterPort", "connectToLearnerMasterLimit", "sslQuorum",
            "portUnification", "serverCnxnFactory", "skipACL", "txnLogSizeLimitInKb",
            "leaderServes", "minClientCnxns", "4lw.commands.enabled");

    private static final List<String> IGNORED_PREFIXES = List.of(
            "group.", "weight.", "admin.", "metricsProvider.", "quorum.", "ssl.",
            "sslQuorum.", "authProvider.", "multiAddress.", "audit.", "observer.");

    private ZooCfgReader() { }

    /** Reads {@code text} as a zoo.cfg, appending warnings and errors to {@code diagnostics}. */
    static Map<Setting, RawValue> read(String text, Diagnostics diagnostics) {
        Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
        Map<String, String> entries;
        try {
            entries = orderedEntries(text);
        } catch (IllegalArgumentException | IOException e) {
            // Properties rejects only malformed backslash-u escapes; there is no line number to give.
            diagnostics.error("zoo.cfg: cannot parse: " + e.getMessage());
            return values;
        }
        Map<Setting, String> keyOfSetting = new EnumMap<>(Setting.class);
        List<RawMember> servers = new ArrayList<>();
        RawValue peerType = null;
        RawValue adminEnabled = null;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (key.equals(ADMIN_ENABLE_SERVER_KEY) || key.equals(SYSTEM_PROPERTY_PREFIX + ADMIN_ENABLE_SERVER_KEY)) {
                adminEnabled = new RawValue("zoo.cfg key '" + key + "'", entry.getValue().trim());
                continue;
            }
            if (key.startsWith(SERVER_KEY_PREFIX)) {
                servers.add(MemberSyntax.zooCfgServer(key, entry.getValue(), diagnostics));
                continue;
            }
            if (key.equals(PEER_TYPE_KEY)) {
                peerType = new RawValue("zoo.cfg key '" + key + "'", entry.getValue().trim());
                continue;
            }
            String bare = key.startsWith(SYSTEM_PROPERTY_PREFIX) ? key.substring(SYSTEM_PROPERTY_PREFIX.length()) : key;
            Alias alias = ALIASES.containsKey(key) ? ALIASES.get(key) : ALIASES.get(bare);
            if (alias != null) {
                String earlier = keyOfSetting.put(alias.setting(), key);
                if (earlier != null) {
                    diagnostics.warning("zoo.cfg keys '" + earlier + "' and '" + key + "' both set "
                            + alias.setting().key() + "; using '" + key + "'");
                }
                values.put(alias.setting(), new RawValue("zoo.cfg key '" + key + "'", entry.getValue().trim(), alias.multiplier()));
            } else if (isIgnored(bare)) {
                diagnostics.warning("zoo.cfg key '" + key + "' is ignored: Paddock does not use it");
            } else {
                diagnostics.warning("unknown key '" + key + "' in zoo.cfg");
            }
        }
        if (!servers.isEmpty() || peerType != null) {
            values.put(Setting.MEMBERS, RawValue.ofMembers(new RawMembers("zoo.cfg server.N lines", servers, peerType)));
        }
        applyAdminEnabled(adminEnabled, values, diagnostics);
        return values;
    }

    /** {@code admin.enableServer}: false (or no) sets httpPort to 0; true (or yes) leaves it be. */
    private static void applyAdminEnabled(RawValue enabled, Map<Setting, RawValue> values, Diagnostics diagnostics) {
        if (enabled == null) return;
        switch (enabled.text().toLowerCase(java.util.Locale.ROOT)) {
            case "false", "no" -> values.put(Setting.HTTP_PORT, new RawValue(enabled.origin(), "0"));
            case "true", "yes" -> { }
            default -> diagnostics.error(enabled.origin() + ": '" + enabled.text() + "' is not a boolean (true, false, yes or no)");
        }
    }

    private static boolean isIgnored(String key) {
        if (IGNORED_KEYS.contains(key)) return true;
        for (String prefix : IGNORED_PREFIXES) {
            if (key.startsWith(prefix)) return true;
        }
        return false;
    }

    /**
     * Parses with {@link Properties} for exact ZooKeeper syntax, but records entries in file order
     * so that warnings follow the file and the later of two duplicate keys wins, as it does in
     * ZooKeeper. {@code Properties.load} stores every entry through {@code put}.
     */
    private static Map<String, String> orderedEntries(String text) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties recorder = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.remove((String) key);
                return ordered.put((String) key, (String) value);
            }
        };
        recorder.load(new StringReader(text));
        return ordered;
    }
}
