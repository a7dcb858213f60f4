package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.ReplicaCore;
import io.paddock.model.Zxid;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port ({@code httpPort} on {@code clientAddress}): the JSON admin API under
 * {@code /admin/} in the shapes of ZooKeeper's AdminServer ({@link AdminJson}), the health
 * checks {@code /health/live} and {@code /health/ready}, and the Prometheus scrape endpoint
 * {@code /metrics} ({@link NodeMetrics}). Errors are JSON {@code {"error": ...}} with a fitting
 * status: 404 for an unknown path, 405 for a wrong method, 409 when a snapshot or backup is
 * already running, 503 while the node does not serve, 500 otherwise.
 *
 * <p>The {@link Router} is given by {@link PaddockNode} and stays open to other verticles: they
 * add their own routes to it (a WebSocket upgrade at {@code /ws}, the console's static files at
 * {@code /}) before or after this verticle starts, since unmatched paths are answered by the
 * router's 404 error handler rather than by a catch-all route. The web console
 * ({@link ConsoleRoutes}) is registered here, before the port opens: {@code GET /} is the console
 * for a browser and a JSON index of the endpoints for any other client.
 *
 * <p>Runs on the node's single event loop, like the client verticle whose live state (the tree,
 * connections, watches) the {@link Sources} suppliers read; directory sizes, backup files and the
 * scrape itself run on a worker pool of their own ({@value #WORKER_POOL}, {@value #WORKERS}
 * threads), so that a long backup never holds up the storage workers that fsync the log. Start completes once the port is bound (it fails,
 * naming the port and the setting, when it cannot be). Invariant: at most one backup is being
 * made at a time ({@code backupRunning}).
 */
public final class AdminVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AdminVerticle.class);
    private static final String JSON = "application/json; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** A snapshot of millions of znodes takes seconds; the bus's default 30 s could cut a big one short. */
    private static final long SNAPSHOT_TIMEOUT_MS = 10 * 60_000L;
    static final String WORKER_POOL = "paddock-admin";
    static final int WORKERS = 2;
    /** The commands, as ZooKeeper's {@code /commands} lists its own. */
    private static final List<String> COMMANDS = List.of("ruok", "srvr", "mntr", "cons", "wchs", "conf", "members",
            "sessions", "watches", "snapshot", "backup");

    /**
     * What the admin API reads, each on the event loop: the four-letter-word view of the client
     * verticle, the ensemble figures, the leader's peers, and the bound client port.
     */
    public record Sources(Supplier<FourLetterWordOutput.View> view, Supplier<FourLetterWordOutput.Cluster> cluster,
                          Supplier<List<ReplicaCore.PeerStatus>> peers, IntSupplier clientPort) {}

    private final NodeConfig config;
    private final Router router;
    private final NodeMetrics metrics;
    private final Sources sources;
    private HttpServer server;
    private WorkerExecutor workers;
    private boolean backupRunning;

    public AdminVerticle(NodeConfig config, Router router, NodeMetrics metrics, Sources sources) {
        this.config = config;
        this.router = router;
        this.metrics = metrics;
        this.sources = sources;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<Msg.Status>localConsumer(Bus.STATUS, m -> metrics.status(m.body().status()));
        workers = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKERS);
        routes();
        String where = config.clientAddress() + ":" + config.httpPort();
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.clientAddress()).setPort(config.httpPort())
                .setReuseAddress(true)
                .setMaxWebSocketFrameSize(webSocketFrameBytesMax(config))
                .setMaxWebSocketMessageSize(webSocketFrameBytesMax(config)));
        return new ConsoleRoutes().register(vertx, router).compose(v -> server.requestHandler(router).listen()
                .recover(cause -> Future.failedFuture(new IllegalStateException("cannot open the HTTP port " + where
                        + " (setting httpPort, flag --http-port; 0 turns it off): " + cause.getMessage(), cause))));
    }

    /**
     * The largest WebSocket frame read at all: four times {@code webSocketMessageBytesMax}, so that
     * a message somewhat over the limit is read to its end and answered TOO_LARGE (the connection
     * stays open) rather than cut off; netty holds a frame whole before handing it on, so a frame
     * beyond this closes the connection (status 1009). Messages sent in several frames are bounded
     * by {@link WebSocketConnection} as they arrive, whatever their total size.
     */
    static int webSocketFrameBytesMax(NodeConfig config) {
        return (int) Math.min(Integer.MAX_VALUE - 1024, 4L * config.webSocketMessageBytesMax());
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
    }

    /** The router of the HTTP port, for routes of other verticles. */
    public Router router() {
        return router;
    }

    /** The bound HTTP port, or -1 before it is bound. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private void routes() {
        router.get("/admin").handler(rc -> json(rc, 200, AdminJson.ok(AdminJson.command("commands")
                .put("commands", new JsonArray(COMMANDS.stream().map(c -> "/admin/" + c).toList())))));
        router.get("/admin/ruok").handler(rc -> json(rc, 200, AdminJson.ok(AdminJson.command("ruok"))));
        router.get("/admin/srvr").handler(rc -> whileServing(rc, sizes -> AdminJson.srvr(sources.view().get(), sizes)));
        router.get("/admin/mntr").handler(rc -> withSizes(rc, sizes -> AdminJson.mntr(sources.view().get(), sizes)));
        router.get("/admin/cons").handler(rc -> whileServing(rc, sizes -> AdminJson.cons(sources.view().get())));
        router.get("/admin/wchs").handler(rc -> whileServing(rc, sizes -> AdminJson.wchs(sources.view().get())));
        router.get("/admin/sessions").handler(rc -> whileServingNow(rc, () -> AdminJson.sessions(sources.view().get())));
        router.get("/admin/watches").handler(rc -> whileServingNow(rc, () -> AdminJson.watches(sources.view().get())));
        router.get("/admin/conf").handler(rc -> whileServing(rc, sizes -> AdminJson.conf(config,
                sources.clientPort().getAsInt(), actualPort(), sizes)));
        router.get("/admin/members").handler(rc -> json(rc, 200, AdminJson.members(config,
                sources.clientPort().getAsInt(), sources.cluster().get(), sources.peers().get())));
        router.route("/admin/snapshot").method(HttpMethod.GET).method(HttpMethod.POST).handler(this::snapshot);
        router.get("/admin/backup").handler(this::backup);
        router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "live")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.errorHandler(404, this::notFound);
        router.errorHandler(405, rc -> json(rc, 405, AdminJson.error(rc.request().method() + " is not allowed on "
                + rc.request().path())));
        router.errorHandler(500, rc -> {
            LOG.warn("HTTP {} {} failed: {}", rc.request().method(), rc.request().path(), String.valueOf(rc.failure()));
            json(rc, 500, AdminJson.error("internal error: " + rc.failure()));
        });
    }

    // ---- commands -----------------------------------------------------------------------------

    /** As ZooKeeper's server-bound commands: 503 while the node does not serve. */
    private void whileServing(RoutingContext rc, Function<FourLetterWordOutput.DirSizes, JsonObject> body) {
        if (!refusedWhileNotServing(rc)) {
            withSizes(rc, body);
        }
    }

    /** As {@link #whileServing} for a body that needs no directory sizes: rendered at once, on the event loop. */
    private void whileServingNow(RoutingContext rc, Supplier<JsonObject> body) {
        if (!refusedWhileNotServing(rc)) {
            json(rc, 200, body.get());
        }
    }

    /** Answers 503 and returns true while the node does not serve. */
    private boolean refusedWhileNotServing(RoutingContext rc) {
        FourLetterWordOutput.Cluster cluster = sources.cluster().get();
        if (cluster != null && !cluster.serving()) {
            json(rc, 503, AdminJson.error(FourLetterWordOutput.NOT_SERVING.trim()));
            return true;
        }
        return false;
    }

    /** Measures the data directories on a worker, then renders {@code body} on the event loop. */
    private void withSizes(RoutingContext rc, Function<FourLetterWordOutput.DirSizes, JsonObject> body) {
        workers.executeBlocking(() -> new FourLetterWordOutput.DirSizes(DirectorySize.of(config.dataDir()),
                DirectorySize.of(config.dataLogDir())), false).onComplete(result -> {
                    FourLetterWordOutput.DirSizes sizes = result.succeeded() ? result.result()
                            : new FourLetterWordOutput.DirSizes(-1, -1);
                    json(rc, 200, body.apply(sizes));
                });
    }

    /** Takes a snapshot of the newest applied tree now ({@link Bus#SNAPSHOT_NOW}). */
    private void snapshot(RoutingContext rc) {
        vertx.eventBus().<Long>request(Bus.SNAPSHOT_NOW, "admin", new DeliveryOptions().setSendTimeout(SNAPSHOT_TIMEOUT_MS))
                .onSuccess(reply -> json(rc, 200, AdminJson.ok(AdminJson.command("snapshot")
                        .put("zxid", Zxid.hex(reply.body())).put("file", String.format("snapshot.%016x", reply.body())))))
                .onFailure(cause -> {
                    boolean busy = cause instanceof ReplyException && String.valueOf(cause.getMessage()).contains("already");
                    json(rc, busy ? 409 : 500, AdminJson.error("snapshot failed: " + cause.getMessage()));
                });
    }

    /**
     * Streams a consistent backup as a zip ({@link BackupArchive}): made on a worker, sent with
     * {@code sendFile} (the event loop only moves buffers), deleted once sent or abandoned.
     */
    private void backup(RoutingContext rc) {
        if (backupRunning) {
            json(rc, 409, AdminJson.error("a backup is already being made; try again when it is done"));
            return;
        }
        backupRunning = true;
        workers.executeBlocking(() -> BackupArchive.create(config), false).compose(archive -> {
            String name = "paddock-" + config.serverId() + "-" + Zxid.hex(archive.summary().lastZxid()) + ".zip";
            return rc.response().putHeader("content-type", "application/zip")
                    .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
                    .putHeader("x-paddock-snapshot-zxid", Zxid.hex(archive.summary().snapshotZxid()))
                    .putHeader("x-paddock-last-zxid", Zxid.hex(archive.summary().lastZxid()))
                    .sendFile(archive.zip().toString())
                    .eventually(() -> workers.executeBlocking(() -> {
                        BackupArchive.discard(archive);
                        return null;
                    }, false));
        }).onComplete(done -> {
            backupRunning = false;
            if (done.failed() && !rc.response().headWritten()) {
                json(rc, 500, AdminJson.error("backup failed: " + done.cause().getMessage()));
            } else if (done.failed()) {
                LOG.warn("sending a backup to {} failed: {}", rc.request().remoteAddress(), done.cause().toString());
            }
        });
    }

    /** 200 only while the node serves clients (it has a leader, and a follower has caught up with it). */
    private void ready(RoutingContext rc) {
        FourLetterWordOutput.Cluster cluster = sources.cluster().get();
        JsonObject body = new JsonObject();
        if (cluster != null) {
            body.put("mode", cluster.mode()).put("leader_id", cluster.leaderId()).put("epoch", cluster.epoch())
                    .put("last_zxid", Zxid.hex(cluster.lastZxid()));
        }
        if (cluster == null || cluster.serving()) {
            json(rc, 200, body.put("status", "ready"));
            return;
        }
        String reason = "looking".equals(cluster.mode())
                ? "not serving: no leader (an election is under way, or no quorum is reachable)"
                : "not serving: " + cluster.mode() + " of leader " + cluster.leaderId() + ", not yet caught up with it";
        json(rc, 503, body.put("status", "not ready").put("error", reason));
    }

    /** Samples the gauges here on the event loop, then renders the registry on a worker. */
    private void metrics(RoutingContext rc) {
        metrics.sample(sources.view().get(), sources.peers().get());
        String accept = rc.request().getHeader("accept");
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS_TEXT
                : PROMETHEUS_TEXT;
        workers.executeBlocking(() -> metrics.scrape(type), false)
                .onSuccess(text -> rc.response().putHeader("content-type", type).end(text))
                .onFailure(rc::fail);
    }

    private void notFound(RoutingContext rc) {
        if ("/".equals(rc.request().path()) && rc.request().method() == HttpMethod.GET) {
            // Not a browser (ConsoleRoutes serves those the console): the root lists what there is.
            json(rc, 200, new JsonObject().put("paddock", Banner.VERSION).put("admin", "/admin")
                    .put("commands", new JsonArray(COMMANDS.stream().map(c -> "/admin/" + c).toList()))
                    .put("health", new JsonArray(List.of("/health/live", "/health/ready"))).put("metrics", "/metrics")
                    .put("websocket", WebSocketEndpoint.PATH).put("javascriptClient", WebSocketEndpoint.CLIENT_PATH)
                    .put("console", ConsoleRoutes.PREFIX));
            return;
        }
        json(rc, 404, AdminJson.error("no such endpoint: " + rc.request().path()));
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encodePrettily());
    }
}
