package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.node.bus.Bus;
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
 * order after storage recovery (its own thread, started first): replication, snapshot, clients,
 * election. Election last, because its result is what makes the node serve and the client port
 * open.
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
        return start(config, 2000);
    }

    /**
     * As {@link #start(NodeConfig)} with the blocked-thread warning threshold of the event loop.
     * Recovery (snapshot load and log replay, seconds for millions of znodes) starts on its own
     * thread first, so Vert.x and the verticles' classes come up beside it instead of before it.
     */
    public static Future<PaddockNode> start(NodeConfig config, long maxEventLoopExecuteMs) {
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
        ServerStats stats = new ServerStats();
        Promise<PaddockNode> started = Promise.promise();
        Future.fromCompletionStage(recovering, vertx.getOrCreateContext()).compose(recovered -> {
            ClientVerticle clients = new ClientVerticle(config, recovered.tree(), stats);
            return vertx.deployVerticle(new ReplicationVerticle(config, recovered.log(), recovered.tree()))
                    .compose(id -> vertx.deployVerticle(new SnapshotVerticle(config, recovered.tree(), recovered.snapshots(),
                            recovered.log(), recovered.replayedTxns())))
                    .compose(id -> vertx.deployVerticle(clients))
                    .compose(id -> vertx.deployVerticle(new ElectionVerticle(config, recovered.tree().lastZxid())))
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
