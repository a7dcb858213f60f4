package io.paddock.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paddock.consensus.ReplicaCore;
import io.paddock.consensus.Role;
import io.paddock.model.Applied;
import io.paddock.model.OpCode;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.replica.ReplicaReady;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's own Prometheus meters (names under {@code paddock_}), and the one-line calls the
 * verticles make to feed them. Vert.x's meters ({@code vertx_*}) and the JVM's ({@code jvm_*},
 * {@code process_*}) are bound to the same registry by {@link PaddockNode}.
 *
 * <p>What each meter measures:
 * <ul>
 *   <li>{@code paddock_requests_seconds{op}}: a client request, from the moment its frame was
 *       decoded to the moment its reply was queued on the socket (so a write includes its fsync),
 *       per opcode; the count is the number of requests answered.</li>
 *   <li>{@code paddock_fsync_seconds}, {@code paddock_fsync_entries}: one persist job of the txn
 *       log (append and fsync, on the storage worker) and the txns it carried (group commit).</li>
 *   <li>{@code paddock_proposal_commit_seconds}: from the moment this node hands a batch of txns
 *       to its log writer until the last txn of that batch is applied here. On a leader that is
 *       its own fsync, the quorum's acks and the commit; on a follower, its fsync and the wait for
 *       the leader's commit; standalone, the fsync and the apply. Time a txn waits for the batch
 *       before it (one persist job runs at a time) is not included.</li>
 *   <li>{@code paddock_snapshot_seconds}, {@code paddock_snapshot_bytes}: writing one snapshot file,
 *       taken here or installed from a leader.</li>
 *   <li>{@code paddock_event_loop_lag_seconds}: how late a 10 ms timer on the event loop fired.</li>
 *   <li>gauges of the tree, the sessions, the watches, the connections and the ensemble, sampled
 *       on the event loop by {@link #sample} just before each scrape.</li>
 * </ul>
 *
 * <p>Threads: {@link #requestCompleted}, {@link #persistStarted}, {@link #applied},
 * {@link #status}, {@link #sample} and {@link #eventLoopLag} run on the node's event loop only;
 * {@link #fsync} and {@link #snapshotWritten} on storage workers. Meters are thread-safe; the
 * timer cache, the leader bookkeeping and the commit ring are confined to the event loop; gauges
 * read {@link AtomicLong}s that the event loop sets, so the scrape thread never touches the tree.
 *
 * <p>Invariants: a request timer is created once per opcode and reused (no tag lookup per
 * request); the commit ring holds batches in persist order, oldest first, at most
 * {@link #COMMIT_RING_SIZE} of them (the oldest is dropped unmeasured when it overflows).
 */
public final class NodeMetrics {
    /** From a read served from memory (tens of microseconds) to a write stuck behind a slow disk. */
    private static final Duration[] LATENCY_BUCKETS = buckets(10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
            1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000,
            1_000_000_000, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L);
    /** Timers fire with millisecond resolution, so the lag starts at 1 ms. */
    private static final Duration[] LAG_BUCKETS = buckets(1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000,
            50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L,
            10_000_000_000L);
    /** Opcodes run from -20 (Paddock's NEW_EPOCH) to 107 (whoAmI). */
    private static final int OPCODE_OFFSET = 32;
    private static final int OPCODE_SLOTS = OPCODE_OFFSET + 128;
    static final int COMMIT_RING_SIZE = 256;

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Timer[] requestTimers = new Timer[OPCODE_SLOTS + 1];
    private final Timer fsyncTimer;
    private final DistributionSummary fsyncEntries;
    private final Timer proposalCommit;
    private final Timer snapshotTimer;
    private final DistributionSummary snapshotBytes;
    private final Timer eventLoopLag;
    private final Counter leaderChanges;
    private final Counter roleChanges;
    private final Counter txnsApplied;
    private final TreeGauges gauges;
    private final Map<Integer, AtomicLong> peerLag = new HashMap<>();

    private final long[] ringZxid = new long[COMMIT_RING_SIZE];
    private final long[] ringStartNanos = new long[COMMIT_RING_SIZE];
    private int ringHead;
    private int ringSize;
    private Role lastRole;
    private int lastLeaderId = -1;

    /** Meters on {@code registry}; {@link #scrape} works when it is a {@link PrometheusMeterRegistry}. */
    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.prometheus = registry instanceof PrometheusMeterRegistry p ? p : null;
        fsyncTimer = latencyTimer("paddock.fsync", "one append-and-fsync job of the txn log").register(registry);
        fsyncEntries = DistributionSummary.builder("paddock.fsync.entries").description("txns per fsync (group commit)")
                .baseUnit("txns").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
        proposalCommit = latencyTimer("paddock.proposal.commit",
                "from handing a batch of txns to the log writer to applying its last txn").register(registry);
        snapshotTimer = Timer.builder("paddock.snapshot").description("writing one snapshot file")
                .serviceLevelObjectives(buckets(10_000_000, 100_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L,
                        5_000_000_000L, 10_000_000_000L, 30_000_000_000L, 60_000_000_000L)).register(registry);
        snapshotBytes = DistributionSummary.builder("paddock.snapshot.bytes").description("size of the last snapshots")
                .baseUnit("bytes").register(registry);
        eventLoopLag = Timer.builder("paddock.event.loop.lag").description("how late a 10 ms event-loop timer fired")
                .serviceLevelObjectives(LAG_BUCKETS).register(registry);
        leaderChanges = Counter.builder("paddock.leader.changes").description("times this node saw a new leader")
                .register(registry);
        roleChanges = Counter.builder("paddock.role.changes").description("times this node's role changed")
                .register(registry);
        txnsApplied = Counter.builder("paddock.txns.applied").description("txns applied to this node's tree")
                .register(registry);
        gauges = new TreeGauges(registry);
    }

    /** Meters that record nothing, for a node without an HTTP port (nobody could scrape them). */
    public static NodeMetrics disabled() {
        return new NodeMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The registry in the Prometheus text format (or OpenMetrics for that content type); any thread. */
    String scrape(String contentType) {
        return prometheus == null ? "" : prometheus.scrape(contentType);
    }

    // ---- event loop: requests ---------------------------------------------------------------

    /** A client request was answered {@code latencyNanos} after it arrived. */
    public void requestCompleted(int opcode, long latencyNanos) {
        int slot = opcode + OPCODE_OFFSET;
        if (slot < 0 || slot >= OPCODE_SLOTS) {
            slot = OPCODE_SLOTS; // an opcode Paddock does not know: one shared "unknown" timer
        }
        Timer timer = requestTimers[slot];
        if (timer == null) {
            timer = latencyTimer("paddock.requests", "client requests answered, by opcode")
                    .tag("op", slot == OPCODE_SLOTS ? "unknown" : opName(opcode)).register(registry);
            requestTimers[slot] = timer;
        }
        timer.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    void eventLoopLag(long lagNanos) {
        eventLoopLag.record(lagNanos, TimeUnit.NANOSECONDS);
    }

    // ---- replication ------------------------------------------------------------------------

    /** Worker: runs one persist job of {@code entries} txns, timing it when it carries any. */
    public <T> T fsync(int entries, Callable<T> write) throws Exception {
        if (entries == 0) {
            return write.call();
        }
        long started = System.nanoTime();
        T result = write.call();
        fsyncTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        fsyncEntries.record(entries);
        return result;
    }

    /** Event loop: a batch of {@code entries} goes to the log writer now. */
    public void persistStarted(List<TxnEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (ringSize == COMMIT_RING_SIZE) {
            ringHead = (ringHead + 1) % COMMIT_RING_SIZE;
            ringSize--;
        }
        int tail = (ringHead + ringSize) % COMMIT_RING_SIZE;
        ringZxid[tail] = entries.get(entries.size() - 1).zxid();
        ringStartNanos[tail] = System.nanoTime();
        ringSize++;
    }

    /**
     * Event loop: txns were applied. Every waiting batch whose last txn is now applied is
     * measured; a batch of an older epoch that a new leader truncated is measured when a later
     * zxid is applied, which is when its clients got their answer.
     */
    public void applied(List<Applied> applied) {
        if (applied.isEmpty()) {
            return;
        }
        txnsApplied.increment(applied.size());
        long last = applied.get(applied.size() - 1).entry().zxid();
        long now = System.nanoTime();
        while (ringSize > 0 && ringZxid[ringHead] <= last) {
            proposalCommit.record(now - ringStartNanos[ringHead], TimeUnit.NANOSECONDS);
            ringHead = (ringHead + 1) % COMMIT_RING_SIZE;
            ringSize--;
        }
    }

    /** Worker: a snapshot of {@code bytes} took {@code nanos} to write. */
    void snapshotWritten(long nanos, long bytes) {
        snapshotTimer.record(nanos, TimeUnit.NANOSECONDS);
        snapshotBytes.record(bytes);
    }

    /**
     * Event loop: a resumed watch's history older than memory was read from disk (outcome
     * "rebuilt" or "gone", in {@code nanos}) or refused because too many waited ("busy", 0).
     * Rare, so the meter is looked up by its tag each time.
     */
    void watchHistoryRead(String outcome, long nanos) {
        Timer.builder("paddock.watch.history.disk")
                .description("reading a resumed watch's history from the snapshot and txn log")
                .tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Event loop: the node's role, leader, epoch or serving state changed. */
    public void status(ReplicaReady.Status status) {
        if (lastRole != null && status.role() != lastRole) {
            roleChanges.increment();
        }
        lastRole = status.role();
        if (status.leaderId() > 0 && status.leaderId() != lastLeaderId) {
            leaderChanges.increment();
            lastLeaderId = status.leaderId();
        }
        gauges.status(status);
    }

    /** Event loop: copies the figures the gauges report out of {@code view} (and the leader's peers). */
    void sample(FourLetterWordOutput.View view, List<ReplicaCore.PeerStatus> peers) {
        gauges.sample(view);
        long last = view.tree().lastZxid();
        for (AtomicLong lag : peerLag.values()) {
            lag.set(-1); // not a follower of this node (any more): -1 rather than a stale figure
        }
        for (ReplicaCore.PeerStatus peer : peers) {
            peerLag.computeIfAbsent(peer.id(), this::peerLagGauge).set(FourLetterWordOutput.Cluster.lagTxns(last,
                    peer.matchZxid()));
        }
    }

    private AtomicLong peerLagGauge(int peer) {
        AtomicLong value = new AtomicLong(-1);
        Gauge.builder("paddock.follower.lag", value, AtomicLong::doubleValue).baseUnit("txns")
                .description("txns the leader has that this follower or observer has not acknowledged; -1 when this "
                        + "node does not lead it").tag("peer", Integer.toString(peer)).strongReference(true)
                .register(registry);
        return value;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Timer.Builder latencyTimer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
    }

    private static Duration[] buckets(long... nanos) {
        Duration[] durations = new Duration[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            durations[i] = Duration.ofNanos(nanos[i]);
        }
        return durations;
    }

    /** ZooKeeper's own names for the opcodes ({@code Request.op2String}, in camel case). */
    static String opName(int opcode) {
        return switch (opcode) {
            case OpCode.CREATE -> "create";
            case OpCode.DELETE -> "delete";
            case OpCode.EXISTS -> "exists";
            case OpCode.GET_DATA -> "getData";
            case OpCode.SET_DATA -> "setData";
            case OpCode.GET_ACL -> "getACL";
            case OpCode.SET_ACL -> "setACL";
            case OpCode.GET_CHILDREN -> "getChildren";
            case OpCode.GET_CHILDREN2 -> "getChildren2";
            case OpCode.SYNC -> "sync";
            case OpCode.PING -> "ping";
            case OpCode.CHECK -> "check";
            case OpCode.MULTI -> "multi";
            case OpCode.MULTI_READ -> "multiRead";
            case OpCode.CREATE2 -> "create2";
            case OpCode.CREATE_CONTAINER -> "createContainer";
            case OpCode.CREATE_TTL -> "createTTL";
            case OpCode.DELETE_CONTAINER -> "deleteContainer";
            case OpCode.RECONFIG -> "reconfig";
            case OpCode.CHECK_WATCHES -> "checkWatches";
            case OpCode.REMOVE_WATCHES -> "removeWatches";
            case OpCode.SET_WATCHES -> "setWatches";
            case OpCode.SET_WATCHES2 -> "setWatches2";
            case OpCode.ADD_WATCH -> "addWatch";
            case OpCode.GET_EPHEMERALS -> "getEphemerals";
            case OpCode.GET_ALL_CHILDREN_NUMBER -> "getAllChildrenNumber";
            case OpCode.WHO_AM_I -> "whoAmI";
            case OpCode.CREATE_SESSION -> "createSession";
            case OpCode.CLOSE_SESSION -> "closeSession";
            case OpCode.AUTH -> "auth";
            case OpCode.SASL -> "sasl";
            default -> "op" + opcode;
        };
    }

    /**
     * The gauges: plain values the event loop sets and the scrape thread reads. Each
     * {@link AtomicLong} is registered once with a strong reference, so it lives as long as
     * the registry.
     */
    private static final class TreeGauges {
        final AtomicLong znodes = new AtomicLong();
        final AtomicLong ephemerals = new AtomicLong();
        final AtomicLong dataBytes = new AtomicLong();
        final AtomicLong sessions = new AtomicLong();
        final AtomicLong watches = new AtomicLong();
        final AtomicLong watchedPaths = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        final AtomicLong outstanding = new AtomicLong();
        final AtomicLong zxidCounter = new AtomicLong();
        final AtomicLong epoch = new AtomicLong();
        final AtomicLong serving = new AtomicLong();
        final AtomicLong leaderId = new AtomicLong();
        final AtomicLong followers = new AtomicLong();
        final AtomicLong syncedFollowers = new AtomicLong();
        final AtomicLong observers = new AtomicLong();
        final AtomicLong maxLag = new AtomicLong();
        final Map<Role, AtomicLong> roles = new java.util.EnumMap<>(Role.class);

        TreeGauges(MeterRegistry registry) {
            gauge(registry, "paddock.znodes", znodes, null, "znodes in the tree");
            gauge(registry, "paddock.ephemerals", ephemerals, null, "ephemeral znodes");
            gauge(registry, "paddock.data.size", dataBytes, "bytes", "approximate bytes of znode paths and data");
            gauge(registry, "paddock.sessions", sessions, null, "live sessions in the tree (ensemble-wide)");
            gauge(registry, "paddock.watches", watches, null, "watches set on this node");
            gauge(registry, "paddock.watched.paths", watchedPaths, null, "paths with at least one watch on this node");
            gauge(registry, "paddock.connections", connections, null, "client connections open on this node");
            gauge(registry, "paddock.requests.outstanding", outstanding, null, "requests received and not yet answered");
            gauge(registry, "paddock.zxid.counter", zxidCounter, null, "counter part of the last applied zxid");
            gauge(registry, "paddock.epoch", epoch, null, "the epoch this node is in");
            gauge(registry, "paddock.serving", serving, null, "1 while this node answers clients");
            gauge(registry, "paddock.leader.id", leaderId, null, "the leader this node follows (itself when leading)");
            gauge(registry, "paddock.followers", followers, null, "voting followers (leader only)");
            gauge(registry, "paddock.followers.synced", syncedFollowers, null, "followers in sync (leader only)");
            gauge(registry, "paddock.observers", observers, null, "observers (leader only)");
            gauge(registry, "paddock.follower.lag.max", maxLag, "txns", "largest follower lag (leader only)");
            for (Role role : Role.values()) {
                AtomicLong value = new AtomicLong();
                roles.put(role, value);
                Gauge.builder("paddock.role", value, AtomicLong::doubleValue).description("1 for this node's role")
                        .tag("role", role.name().toLowerCase(java.util.Locale.ROOT)).strongReference(true)
                        .register(registry);
            }
        }

        private static void gauge(MeterRegistry registry, String name, AtomicLong value, String unit, String description) {
            Gauge.builder(name, value, AtomicLong::doubleValue).baseUnit(unit).description(description)
                    .strongReference(true).register(registry);
        }

        void status(ReplicaReady.Status status) {
            roles.forEach((role, value) -> value.set(role == status.role() ? 1 : 0));
            epoch.set(status.epoch());
            serving.set(status.serving() ? 1 : 0);
            leaderId.set(status.leaderId());
        }

        void sample(FourLetterWordOutput.View view) {
            znodes.set(view.tree().nodeCount());
            ephemerals.set(view.tree().ephemeralCount());
            dataBytes.set(view.tree().approximateDataSize());
            sessions.set(view.tree().sessionCount());
            watches.set(view.watches().watchCount());
            watchedPaths.set(view.watches().pathCount());
            connections.set(view.connections().size());
            outstanding.set(view.outstanding());
            zxidCounter.set(Zxid.counter(view.tree().lastZxid()));
            FourLetterWordOutput.Cluster cluster = view.cluster();
            if (cluster != null) {
                followers.set(cluster.followers());
                syncedFollowers.set(cluster.syncedFollowers());
                observers.set(cluster.observers());
                maxLag.set(cluster.maxLagTxns());
                epoch.set(cluster.epoch());
                serving.set(cluster.serving() ? 1 : 0);
                leaderId.set(cluster.leaderId());
            }
        }
    }
}
