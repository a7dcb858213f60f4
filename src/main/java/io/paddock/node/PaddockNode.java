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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: one {@link Vertx} with one event loop, and its verticles deployed in
 * order after storage recovery (its own thread, started first): election (the durable votes),
 * snapshot, clients, replication. Replication last, because its first tick starts the election
 * whose outcome makes the node serve and the client port open.
 *
 * <p>Used by {@link Main} and by in-JVM tests.
 */
public final class PaddockNode {
    private static final Logger LOG = LoggerFactory.getLogger(PaddockNode.class);

    private final Vertx vertx;
    private final ClientVerticle clients;
    private final Recovery.Recovered recovered;

    private PaddockNode(Vertx vertx, ClientVerticle clients, Recovery.Recovered recovered) {
        this.vertx = vertx;
        this.clients = clients;
        this.recovered = recovered;
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
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(4)
                .setMaxEventLoopExecuteTime(maxEventLoopExecuteMs)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        Bus.registerCodecs(vertx.eventBus());
        vertx.exceptionHandler(cause -> halt.halt("uncaught exception on the event loop", cause));
        ServerStats stats = new ServerStats();
        ClusterSettings cluster = ClusterSettings.of(config);
        Promise<PaddockNode> started = Promise.promise();
        Future.fromCompletionStage(recovering, vertx.getOrCreateContext()).compose(recovered -> {
            Replica replica = new Replica(cluster.replicaConfig(config), new SplittableRandom(seed(config)),
                    new Replica.Restored(new ElectionState(recovered.vote().epoch(), recovered.vote().votedFor()),
                            recovered.tree(), recovered.baseZxid(), recovered.held()), Faults.NONE);
            SnapshotWriter writer = new SnapshotWriter(recovered.snapshots());
            ReplicationVerticle replication = new ReplicationVerticle(config, cluster, recovered.log(), replica, writer,
                    halt);
            ClientVerticle clients = new ClientVerticle(config, cluster, recovered.tree(), stats);
            clients.clusterView(() -> FourLetterWordOutput.Cluster.of(cluster, replica));
            return vertx.deployVerticle(new ElectionVerticle(new ElectionFile(config.dataDir()), config.serverId(),
                            cluster.standalone()))
                    .compose(id -> vertx.deployVerticle(new SnapshotVerticle(config, recovered.tree(), writer,
                            recovered.log(), recovered.replayedTxns())))
                    .compose(id -> vertx.deployVerticle(clients))
                    .compose(id -> vertx.deployVerticle(replication))
                    .compose(id -> clients.listening())
                    .map(port -> new PaddockNode(vertx, clients, recovered));
        }).onComplete(result -> {
            if (result.succeeded()) {
                LOG.info("Paddock node {} serving ZooKeeper clients on {}:{}", config.serverId(),
                        config.clientAddress(), result.result().clientPort());
                started.complete(result.result());
            } else {
                LOG.error("node failed to start: {}", result.cause().toString());
                recovering.thenAccept(recovered -> closeQuietly(recovered.log()));
                vertx.close().onComplete(v -> started.fail(result.cause()));
            }
        });
        return started.future();
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

    public Vertx vertx() {
        return vertx;
    }

    /** Stops serving, closes the log and the Vertx instance. */
    public Future<Void> stop() {
        return vertx.close().andThen(v -> closeQuietly(recovered.log()));
    }
}
