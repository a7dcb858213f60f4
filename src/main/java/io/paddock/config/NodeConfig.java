package io.paddock.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of one Paddock node, standalone or a member of an ensemble, validated and immutable.
 *
 * <p>This record owns the meaning of each setting and its default. It is built either by
 * {@link #defaults()} or by {@link ConfigLoader#load(ConfigSource)}, which is the only place
 * in Paddock that reads configuration files, flags or properties; every other package receives
 * a {@code NodeConfig} and never looks anything up itself. It is a plain value with no thread
 * affinity and can be shared freely.
 *
 * <p>Names end in their unit ({@code Ms}, {@code Bytes}, {@code Hours}); the names that keep
 * ZooKeeper's spelling ({@code maxClientCnxns}, {@code globalOutstandingLimit}) do so to be found
 * by people who know {@code zoo.cfg}. The JSON file format uses exactly these component names
 * as its keys; {@code config/README.md} lists them.
 *
 * <p>Invariants, enforced by the loader and not re-checked here (tests and the simulator may
 * build deliberately odd configs): {@code 1 <= clientPort <= 65535}; {@code tickMs > 0};
 * {@code 0 < minSessionTimeoutMs <= maxSessionTimeoutMs}; {@code juteMaxBufferBytes > 0};
 * {@code 0 <= httpPort <= 65535}; {@code autopurgeSnapRetainCount >= 3}; every whitelisted word is in
 * {@link #KNOWN_FOUR_LETTER_WORDS}; {@code electionTimeoutMs >= 2 * heartbeatMs}. When
 * {@code members} is not empty: member ids are unique and in 1..254, {@code serverId} is one of
 * them, at least one member is a participant, no two members share a host and port, and
 * {@code self().clientPort() == clientPort()} unless {@code clientPort} is 0 (the loader fills
 * in this node's member's client port when its entry leaves it out, as ZooKeeper does). The
 * constructor only guarantees non-null references, an unmodifiable, sorted whitelist and an
 * unmodifiable member list sorted by id.
 *
 * @param clientAddress host or IP the client port binds to (zoo.cfg {@code clientPortAddress})
 * @param clientPort TCP port for ZooKeeper clients
 * @param dataDir directory of snapshots; relative paths are kept relative (to the working directory)
 * @param dataLogDir directory of the txn log; defaults to {@code dataDir}
 * @param tickMs the basic time unit; session bounds default to multiples of it
 * @param minSessionTimeoutMs lowest session timeout granted to a client (default {@code 2 * tickMs})
 * @param maxSessionTimeoutMs highest session timeout granted to a client (default {@code 20 * tickMs})
 * @param maxClientCnxns connections allowed per client IP; 0 means unlimited
 * @param juteMaxBufferBytes largest request or znode payload frame accepted, as ZooKeeper's jute.maxbuffer
 * @param extendedTypesEnabled enables TTL znodes (ZooKeeper's extendedTypesEnabled)
 * @param superDigest {@code "super:BASE64(SHA1)"} digest of the super user, or null for none
 * @param fourLetterWordWhitelist four-letter words the client port answers; unmodifiable, sorted
 * @param autopurgeSnapRetainCount snapshots (and their logs) kept by the purge task, at least 3
 * @param autopurgePurgeIntervalHours hours between purges; 0 turns purging off
 * @param snapshotTxnCountMax txns logged since the last snapshot that trigger a new one (snapCount)
 * @param snapshotLogBytesMax log bytes written since the last snapshot that trigger a new one
 * @param logSegmentBytesMax size at which the txn log rolls to a new segment file
 * @param preallocateBytes bytes a log segment grows by when preallocating (preAllocSize)
 * @param outstandingRequestsMax requests in flight per connection before its socket is paused
 * @param globalOutstandingLimit requests in flight across the node before all sockets are paused
 * @param containerCheckIntervalMs period of the scan that deletes empty container znodes
 * @param containerMaxPerMinute most container deletions issued per minute
 * @param ttlCheckIntervalMs period of the scan that deletes expired TTL znodes (they are also swept
 *     with the containers, so the effective period is the smaller of the two)
 * @param forceSync whether the txn log is fsync'd before acking; false BREAKS DURABILITY: an
 *     acknowledged write can be lost on power failure. It exists only because ZooKeeper's
 *     {@code forceSync=no} exists, for throwaway test setups.
 * @param serverId this node's id: its member's id in an ensemble (ZooKeeper's myid), 1 by default
 *     when standalone (standalone ZooKeeper reports 0 in conf)
 * @param electionSeed seed of the node's {@code SplittableRandom}; 0 means derive one at startup
 * @param httpPort TCP port of the HTTP admin API, health checks and Prometheus metrics, bound on
 *     {@code clientAddress}; 0 turns it off ({@link #HTTP_PORT_OFF})
 * @param members every server of the ensemble, this one included, sorted by id; empty when the
 *     node runs standalone. Another member's client port is 0 when the file does not give it.
 * @param heartbeatMs the consensus tick: the leader sends a heartbeat to every peer each tick
 * @param electionTimeoutMs a follower that hears nothing from its leader for a random time in
 *     {@code [electionTimeoutMs, 2 * electionTimeoutMs)} starts an election
 * @param leaderlessHoldMs how long a node without a leader keeps client connections open, holding
 *     their requests, before it closes them so that clients move to another member
 * @param initLimit ticks of {@code tickMs} a follower's initial sync with a new leader may take
 *     (ZooKeeper's initLimit)
 * @param syncLimit ticks of {@code tickMs} a follower may fall behind its leader before the leader
 *     counts it as not in sync (ZooKeeper's syncLimit)
 * @param diffWindowTxns most recent txns a node keeps in memory to bring a follower up to date by DIFF
 * @param diffWindowBytes most bytes of recent txns kept in memory for DIFF
 * @param peerBytesInFlightMax bound on the bytes queued for sending to one peer
 * @param watchHistoryTxns most recent txns with watch events whose events a node keeps in memory, so that
 *     a WebSocket client can resume a persistent or recursive watch from a zxid; 0 keeps none
 * @param webSocketMessageBytesMax largest WebSocket JSON message a node reads; a bigger one is answered
 *     with a TOO_LARGE error (the znode data in a message is bounded by {@code juteMaxBufferBytes} too)
 */
public record NodeConfig(
        String clientAddress,
        int clientPort,
        Path dataDir,
        Path dataLogDir,
        int tickMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxClientCnxns,
        int juteMaxBufferBytes,
        boolean extendedTypesEnabled,
        String superDigest,
        Set<String> fourLetterWordWhitelist,
        int autopurgeSnapRetainCount,
        int autopurgePurgeIntervalHours,
        int snapshotTxnCountMax,
        long snapshotLogBytesMax,
        long logSegmentBytesMax,
        long preallocateBytes,
        int outstandingRequestsMax,
        int globalOutstandingLimit,
        int containerCheckIntervalMs,
        int containerMaxPerMinute,
        int ttlCheckIntervalMs,
        boolean forceSync,
        int serverId,
        long electionSeed,
        int httpPort,
        List<Member> members,
        int heartbeatMs,
        int electionTimeoutMs,
        int leaderlessHoldMs,
        int initLimit,
        int syncLimit,
        int diffWindowTxns,
        long diffWindowBytes,
        long peerBytesInFlightMax,
        int watchHistoryTxns,
        int webSocketMessageBytesMax) {

    /** Every four-letter word Paddock knows; {@code "*"} in a whitelist stands for all of them. */
    public static final Set<String> KNOWN_FOUR_LETTER_WORDS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(
            "ruok", "srvr", "stat", "mntr", "conf", "cons", "envi", "wchs", "wchc", "wchp",
            "isro", "dump", "dirs", "crst", "srst", "hash", "gtmk", "stmk")));

    public static final String DEFAULT_CLIENT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_CLIENT_PORT = 2181;
    public static final Path DEFAULT_DATA_DIR = Path.of("./data").normalize();
    /**
     * 2000 ms, as in the {@code zoo_sample.cfg} that ships with ZooKeeper and that most
     * deployments copy. ZooKeeper's code default is 3000 ms, but a node started from the
     * sample file (the common case) runs with 2000, so sessions negotiate the same bounds here.
     */
    public static final int DEFAULT_TICK_MS = 2000;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_JUTE_MAX_BUFFER_BYTES = 0xfffff;
    public static final Set<String> DEFAULT_FOUR_LETTER_WORD_WHITELIST = Set.of("srvr");
    /** ZooKeeper refuses to keep fewer than three snapshots; so do we. */
    public static final int MIN_AUTOPURGE_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAPSHOT_TXN_COUNT_MAX = 100_000;
    /** ZooKeeper's snapSizeLimitInKb default, 4 GiB: by default the txn count triggers snapshots. */
    public static final long DEFAULT_SNAPSHOT_LOG_BYTES_MAX = 4L << 30;
    public static final long DEFAULT_LOG_SEGMENT_BYTES_MAX = 64L << 20;
    public static final long DEFAULT_PREALLOCATE_BYTES = 64L << 20;
    public static final int DEFAULT_OUTSTANDING_REQUESTS_MAX = 1000;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final int DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_CONTAINER_MAX_PER_MINUTE = 10_000;
    /** ZooKeeper sweeps TTL znodes in the same pass as containers, so the same period. */
    public static final int DEFAULT_TTL_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_SERVER_ID = 1;
    /** ZooKeeper's AdminServer port ({@code admin.serverPort}) defaults to 8080 too. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** An httpPort of 0 means no HTTP server at all (tests run nodes side by side this way). */
    public static final int HTTP_PORT_OFF = 0;
    /** The highest server id: it is the top byte of session ids, and 0xFF marks TTL owners. */
    public static final int MAX_SERVER_ID = 254;
    public static final int DEFAULT_HEARTBEAT_MS = 50;
    public static final int DEFAULT_ELECTION_TIMEOUT_MS = 400;
    public static final int DEFAULT_LEADERLESS_HOLD_MS = 2000;
    /** ZooKeeper's sample zoo.cfg values, in ticks of {@code tickMs}. */
    public static final int DEFAULT_INIT_LIMIT = 10;
    public static final int DEFAULT_SYNC_LIMIT = 5;
    public static final int DEFAULT_DIFF_WINDOW_TXNS = 2_000;
    public static final long DEFAULT_DIFF_WINDOW_BYTES = 64L << 20;
    public static final long DEFAULT_PEER_BYTES_IN_FLIGHT_MAX = 16L << 20;
    /** About 10 MB of heap at typical path lengths; see docs/websocket-protocol.md. */
    public static final int DEFAULT_WATCH_HISTORY_TXNS = 100_000;
    /** Room for a full 1 MiB znode in base64 (1.4 MB), with margin. */
    public static final int DEFAULT_WEB_SOCKET_MESSAGE_BYTES_MAX = 4 << 20;
    /** Below this the protocol's own messages (a connect, an error) might not fit. */
    public static final int MIN_WEB_SOCKET_MESSAGE_BYTES_MAX = 1024;
    /** Vert.x buffers a whole WebSocket frame, up to four times this limit ({@code node.AdminVerticle}). */
    public static final int MAX_WEB_SOCKET_MESSAGE_BYTES_MAX = 256 << 20;

    public NodeConfig {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dataLogDir, "dataLogDir");
        // A sorted copy makes toString, conf output and equality independent of input order.
        fourLetterWordWhitelist = Collections.unmodifiableSortedSet(
                new TreeSet<>(Objects.requireNonNull(fourLetterWordWhitelist, "fourLetterWordWhitelist")));
        // Sorted by id so that every member of an ensemble holds an equal list, whatever the file order.
        members = Objects.requireNonNull(members, "members").stream()
                .sorted(Comparator.comparingInt(Member::id)).toList();
    }

    /** True when the node runs alone: no ensemble members are configured. */
    public boolean standalone() {
        return members.isEmpty();
    }

    /** This node's own member (the one whose id is {@link #serverId()}), or null when standalone. */
    public Member self() {
        return member(serverId);
    }

    /** The member with id {@code id}, or null when there is none. */
    public Member member(int id) {
        for (Member member : members) {
            if (member.id() == id) return member;
        }
        return null;
    }

    /** The voting members, sorted by id; empty when standalone. Computed on each call. */
    public List<Member> participants() {
        return members.stream().filter(Member::isParticipant).toList();
    }

    /** The non-voting members, sorted by id. Computed on each call. */
    public List<Member> observers() {
        return members.stream().filter(member -> !member.isParticipant()).toList();
    }

    /** The session timeout lower bound ZooKeeper derives from a tick when none is given. */
    public static int defaultMinSessionTimeoutMs(int tickMs) {
        return 2 * tickMs;
    }

    /** The session timeout upper bound ZooKeeper derives from a tick when none is given. */
    public static int defaultMaxSessionTimeoutMs(int tickMs) {
        return 20 * tickMs;
    }

    /** The configuration a node runs with when given no file and no flags. */
    public static NodeConfig defaults() {
        return new NodeConfig(
                DEFAULT_CLIENT_ADDRESS, DEFAULT_CLIENT_PORT,
                DEFAULT_DATA_DIR, DEFAULT_DATA_DIR,
                DEFAULT_TICK_MS,
                defaultMinSessionTimeoutMs(DEFAULT_TICK_MS), defaultMaxSessionTimeoutMs(DEFAULT_TICK_MS),
                DEFAULT_MAX_CLIENT_CNXNS, DEFAULT_JUTE_MAX_BUFFER_BYTES,
                false, null, DEFAULT_FOUR_LETTER_WORD_WHITELIST,
                MIN_AUTOPURGE_SNAP_RETAIN_COUNT, 0,
                DEFAULT_SNAPSHOT_TXN_COUNT_MAX, DEFAULT_SNAPSHOT_LOG_BYTES_MAX,
                DEFAULT_LOG_SEGMENT_BYTES_MAX, DEFAULT_PREALLOCATE_BYTES,
                DEFAULT_OUTSTANDING_REQUESTS_MAX, DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
                DEFAULT_CONTAINER_CHECK_INTERVAL_MS, DEFAULT_CONTAINER_MAX_PER_MINUTE,
                DEFAULT_TTL_CHECK_INTERVAL_MS,
                true, DEFAULT_SERVER_ID, 0L, DEFAULT_HTTP_PORT,
                List.of(), DEFAULT_HEARTBEAT_MS, DEFAULT_ELECTION_TIMEOUT_MS, DEFAULT_LEADERLESS_HOLD_MS,
                DEFAULT_INIT_LIMIT, DEFAULT_SYNC_LIMIT,
                DEFAULT_DIFF_WINDOW_TXNS, DEFAULT_DIFF_WINDOW_BYTES, DEFAULT_PEER_BYTES_IN_FLIGHT_MAX,
                DEFAULT_WATCH_HISTORY_TXNS, DEFAULT_WEB_SOCKET_MESSAGE_BYTES_MAX);
    }
}
