package io.paddock.node;

import io.paddock.storage.DurableLog;
import io.paddock.config.NodeConfig;
import io.paddock.consensus.ElectionState;
import io.paddock.consensus.Faults;
import io.paddock.node.bus.Bus;
import io.paddock.replica.Replica;
import io.paddock.storage.ElectionFile;
import java.util.SplittableRandom;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: one {@link Vertx} with one event loop, and its verticles deployed in
 * order after storage recovery (its own thread, started first): election (the durable votes),
 * snapshot, clients (which add the WebSocket protocol's {@code /ws} and {@code /paddock.js} to
 * the HTTP router), the HTTP port ({@link AdminVerticle}, unless {@code httpPort} is 0),
 * replication. Replication last, because its first tick starts the election whose outcome makes
 * the node serve and the client port open. Once it does, the start-up {@link Banner} is logged.
 *
 * <p>With an HTTP port, the node's {@link NodeMetrics}, Vert.x's and the JVM's meters share one
 * Prometheus registry, scraped at {@code /metrics}; without one, nothing is measured.
 *
 * <p>Used by {@link Main} and by in-JVM tests.
 */
public final class PaddockNode {
    private static final Logger LOG = LoggerFactory.getLogger(PaddockNode.class);

    /** Numbers the nodes of this JVM, for their metrics registries' names. */
    private static final AtomicInteger NODES_STARTED = new AtomicInteger();

    private final Vertx vertx;
    private final ClientVerticle clients;
    private final AdminVerticle admin;
    private final Recovery.Recovered recovered;
    /** Written on the event loop when the node first serves, from the replica's mode then. */
    private final String banner;

    private PaddockNode(Vertx vertx, ClientVerticle clients, AdminVerticle admin, Recovery.Recovered recovered,
                        String banner) {
        this.vertx = vertx;
        this.clients = clients;
        this.admin = admin;
        this.recovered = recovered;
        this.banner = banner;
    }

    /** Starts a node; completes once its client port accepts connections. */
    public static Future<PaddockNode> start(NodeConfig config) {
        return start(config, 2000, Halt.PROCESS);
    }

    /** The seed of the node's random source: the configured one, or one drawn now (and logged). */
    private static long seed(NodeConfig config) {
        long seed = config.electionSeed() != 0 ? config.electionSeed() : new java.security.SecureRandom().nextLong();
        LOG.info("node {} random seed 0x{}", config.serverId(), Long.toHexString(seed));
        return seed;
    }

    /**
     * As {@link #start(NodeConfig)} with the blocked-thread warning threshold of the event loop.
     * Recovery (snapshot load and log replay, seconds for millions of znodes) starts on its own
     * thread first, so Vert.x and the verticles' classes come up beside it instead of before it.
     */
    public static Future<PaddockNode> start(NodeConfig config, long maxEventLoopExecuteMs, Halt halt) {
        CompletableFuture<Recovery.Recovered> recovering = new CompletableFuture<>();
        Thread recovery = new Thread(() -> {
            try {
                recovering.complete(Recovery.recover(config));
            } catch (Throwable e) {
                recovering.completeExceptionally(e);
            }
        }, "paddock-recovery");
        recovery.start();
        PrometheusMeterRegistry registry = config.httpPort() == NodeConfig.HTTP_PORT_OFF ? null
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = newVertx(maxEventLoopExecuteMs, registry);
        logTransport(vertx);
        Bus.registerCodecs(vertx.eventBus());
        vertx.exceptionHandler(cause -> halt.halt("uncaught exception on the event loop", cause));
        ServerStats stats = new ServerStats(registry == null ? NodeMetrics.disabled() : new NodeMetrics(registry));
        Promise<PaddockNode> started = Promise.promise();
        Future.fromCompletionStage(recovering, vertx.getOrCreateContext())
                .compose(recovered -> deploy(vertx, config, recovered, stats, halt))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        PaddockNode node = result.result();
                        LOG.info("Paddock node {} serving ZooKeeper clients on {}:{}", config.serverId(),
                                config.clientAddress(), node.clientPort());
                        LOG.info("\n{}", node.banner());
                        started.complete(node);
                    } else {
                        LOG.error("node failed to start: {}", result.cause().toString());
                        recovering.thenAccept(recovered -> closeQuietly(recovered.log()));
                        vertx.close().onComplete(v -> started.fail(result.cause()));
                    }
                });
        return started.future();
    }

    private static void logTransport(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("network transport: native epoll");
        } else {
            Throwable cause = vertx.unavailableNativeTransportCause();
            LOG.info("network transport: Java NIO (native epoll unavailable: {})",
                    cause == null ? "not on the class path" : cause.toString());
        }
    }

    /**
     * One event loop, on Netty's native epoll transport where it loads (Linux x86-64): on this
     * 2-core machine it cut a 3-node ensemble's set 1x1 p99 by about a quarter against Java NIO,
     * whose selector wakes on millisecond timeouts and then spins on zero-timeout polls until a
     * timer is due. With an HTTP port, Vert.x's own meters (HTTP server, worker pools) and the
     * JVM's (memory, GC pauses, threads, CPU) go to {@code registry} too. The event bus and the
     * TCP servers are left out: they are on the path of every request, and {@link NodeMetrics}
     * measures requests itself at a fixed cost. The registry name is unique per node, because
     * Vert.x keeps registries by name for the whole JVM, and tests run several nodes in one.
     */
    private static Vertx newVertx(long maxEventLoopExecuteMs, PrometheusMeterRegistry registry) {
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(1)
                .setPreferNativeTransport(true)
                .setWorkerPoolSize(4)
                .setMaxEventLoopExecuteTime(maxEventLoopExecuteMs)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
        if (registry == null) {
            return Vertx.vertx(options);
        }
        options.setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setRegistryName("paddock-node-" + NODES_STARTED.incrementAndGet())
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT));
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    /**
     * Deploys the verticles in order: election (the durable votes), snapshot, clients, the HTTP
     * port (when on), replication; completes once the node serves and the client port is open.
     */
    private static Future<PaddockNode> deploy(Vertx vertx, NodeConfig config, Recovery.Recovered recovered,
                                              ServerStats stats, Halt halt) {
        ClusterSettings cluster = ClusterSettings.of(config);
        Replica replica = new Replica(cluster.replicaConfig(config), new SplittableRandom(seed(config)),
                new Replica.Restored(new ElectionState(recovered.vote().epoch(), recovered.vote().votedFor()),
                        recovered.tree(), recovered.baseZxid(), recovered.held()), Faults.NONE);
        SnapshotWriter writer = new SnapshotWriter(recovered.snapshots(), stats.metrics);
        ReplicationVerticle replication = new ReplicationVerticle(config, cluster, recovered.log(), replica, writer,
                halt);
        replication.metrics(stats.metrics);
        Router router = config.httpPort() == NodeConfig.HTTP_PORT_OFF ? null : Router.router(vertx);
        ClientVerticle clients = new ClientVerticle(config, cluster, recovered.tree(), stats, router);
        Supplier<FourLetterWordOutput.Cluster> view = () -> FourLetterWordOutput.Cluster.of(cluster, replica);
        clients.clusterView(view);
        AdminVerticle admin = router == null ? null
                : new AdminVerticle(config, router, stats.metrics, new AdminVerticle.Sources(
                        clients::fourLetterView, view, () -> replica.core().peerStatus(), clients::actualPort));
        return vertx.deployVerticle(new ElectionVerticle(new ElectionFile(config.dataDir()), config.serverId(),
                        cluster.standalone()))
                .compose(id -> vertx.deployVerticle(new SnapshotVerticle(config, recovered.tree(), writer,
                        recovered.log(), recovered.replayedTxns())))
                .compose(id -> vertx.deployVerticle(clients))
                .compose(id -> admin == null ? Future.succeededFuture(id) : vertx.deployVerticle(admin))
                .compose(id -> vertx.deployVerticle(replication))
                .compose(id -> clients.listening())
                .map(port -> new PaddockNode(vertx, clients, admin, recovered, Banner.text(config, port,
                        admin == null ? 0 : admin.actualPort(), view.get().mode())));
    }

    private static void closeQuietly(DurableLog log) {
        try {
            log.close();
        } catch (java.io.IOException e) {
            LOG.warn("closing the txn log: {}", e.toString());
        }
    }

    public int clientPort() {
        return clients.actualPort();
    }

    /** The bound HTTP port, or 0 when the node has none ({@code httpPort} 0). */
    public int httpPort() {
        return admin == null ? 0 : admin.actualPort();
    }

    /**
     * The router of the HTTP port, where later verticles add their routes (WebSocket, console),
     * or null when the node has no HTTP port. Routes may be added from any thread at any time
     * (vertx-web swaps its route table atomically); their handlers run on the event loop. A
     * verticle that must be routed before the node serves takes this router in {@code deploy}.
     */
    public Router httpRouter() {
        return admin == null ? null : admin.router();
    }

    /** The start-up banner ({@link Banner}) with the bound ports and the mode the node first served in. */
    public String banner() {
        return banner;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Stops serving, closes the log and the Vertx instance. */
    public Future<Void> stop() {
        return vertx.close().andThen(v -> closeQuietly(recovered.log()));
    }
}
