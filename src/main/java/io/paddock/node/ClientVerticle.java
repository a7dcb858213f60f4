package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.ConnectRequest;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.tree.DataTree;
import io.paddock.wire.jute.ClientCodec;
import io.paddock.wire.jute.FourLetterWords;
import io.paddock.wire.jute.MalformedFrameException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing shell of a node: feeds the replica's events (applied batches, rejections,
 * syncs, status, ticks) to the one session layer ({@link Sessions}), and its two protocols'
 * connections too: the ZooKeeper TCP protocol, whose frames it splits, decodes and hands over
 * here (with the four-letter words), and, when the node has an HTTP port, the WebSocket JSON
 * protocol at {@code /ws} ({@link WebSocketEndpoint}) with its JavaScript client at
 * {@code /paddock.js}. The client port opens the first time the node serves.
 *
 * <p>Runs on the node's single event loop; every field is confined to it.
 *
 * <p>Invariant: a TCP request frame is decoded at most once, in the read that delivered it, or
 * once the session it arrived for is open (an early frame); the session layer sees it exactly once.
 */
public final class ClientVerticle extends VerticleBase implements TcpConnection.FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClientVerticle.class);

    private final NodeConfig config;
    private final ClusterSettings cluster;
    private final Sessions sessions;
    private final Router router;
    private Supplier<FourLetterWordOutput.Cluster> clusterView = () -> null;
    private NetServer server;
    private final Promise<Integer> listening = Promise.promise();
    private boolean listenStarted;

    /** A client verticle; {@code router} is the HTTP port's (null without one) for the WebSocket protocol. */
    public ClientVerticle(NodeConfig config, ClusterSettings cluster, DataTree recovered, ServerStats stats,
                          Router router) {
        this.config = config;
        this.cluster = cluster;
        this.sessions = new Sessions(config, cluster, recovered, stats);
        this.router = router;
    }

    @Override
    public Future<?> start() {
        EventBus bus = vertx.eventBus();
        sessions.start(bus, context);
        bus.<Msg.AppliedBatch>localConsumer(Bus.APPLIED, m -> sessions.applied(m.body()));
        bus.<Msg.Rejected>localConsumer(Bus.CLIENT_REJECTED, m -> sessions.rejected(m.body()));
        bus.<Msg.SyncDone>localConsumer(Bus.CLIENT_SYNC_DONE, m -> sessions.syncDone(m.body()));
        bus.<Msg.Status>localConsumer(Bus.STATUS, m -> onStatus(m.body()));
        vertx.setPeriodic(cluster.heartbeatMs(), id -> sessions.tick());
        ServerStats.probeEventLoop(vertx, sessions.stats());
        NetServerOptions options = new NetServerOptions()
                .setHost(config.clientAddress())
                .setPort(config.clientPort())
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        server = vertx.createNetServer(options).connectHandler(this::accept);
        if (router == null) {
            return Future.succeededFuture();
        }
        WebSocketEndpoint endpoint = new WebSocketEndpoint(config, sessions);
        return endpoint.register(vertx, router);
    }

    /** Supplies the ensemble figures for the four-letter words. */
    void clusterView(Supplier<FourLetterWordOutput.Cluster> view) {
        this.clusterView = view;
    }

    /** The client port opens the first time the node serves; later, not serving holds requests. */
    private void onStatus(Msg.Status update) {
        if (sessions.status(update) && !listenStarted) {
            listenStarted = true;
            server.listen().onComplete(bound -> {
                if (bound.succeeded()) {
                    listening.complete(bound.result().actualPort());
                } else {
                    listening.fail(bound.cause());
                }
            });
        }
    }

    /** Completes with the bound port once the node serves and the client port is open. */
    public Future<Integer> listening() {
        return listening.future();
    }

    /** The bound client port, or -1 before it is bound. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    // ---- accepting and framing ------------------------------------------------------------

    private void accept(NetSocket socket) {
        TcpConnection connection = new TcpConnection(sessions.nextConnectionId(), socket, this,
                System.currentTimeMillis());
        if (!sessions.admit(connection)) {
            return;
        }
        socket.handler(chunk -> {
            connection.receive(chunk);
            sessions.flushDirty();
        });
        socket.closeHandler(v -> sessions.closed(connection));
        socket.exceptionHandler(cause -> LOG.debug("connection {} error: {}", connection.remoteHost, cause.toString()));
    }

    @Override
    public boolean fourLetterWord(TcpConnection connection, int firstInt) {
        String command = FourLetterWords.commandOf(firstInt);
        if (command == null) {
            return false;
        }
        connection.state = Connection.State.CLOSED;
        FourLetterWordOutput.answer(vertx, config, connection.socket, command, fourLetterView());
        return true;
    }

    @Override
    public boolean acceptLength(TcpConnection connection, int frameLength) {
        if (frameLength < 0 || frameLength > config.juteMaxBufferBytes()) {
            LOG.warn("closing connection from {}:{}: Len error {} (jute.maxbuffer is {})", connection.remoteHost,
                    connection.remotePort, frameLength, config.juteMaxBufferBytes());
            sessions.close(connection);
            return false;
        }
        return true;
    }

    @Override
    public void frame(TcpConnection connection, ByteBuffer frame) {
        connection.countReceived(sessions.stats());
        switch (connection.state) {
            case NEW -> handshake(connection, frame);
            case CONNECTING -> connection.early.add(TcpConnection.copyOf(frame));
            case OPEN -> request(connection, frame);
            case CLOSED -> { }
        }
    }

    private void handshake(TcpConnection connection, ByteBuffer frame) {
        ConnectRequest connect;
        try {
            connect = ClientCodec.decodeConnect(frame);
        } catch (MalformedFrameException e) {
            LOG.warn("closing connection from {}: malformed ConnectRequest: {}", connection.remoteHost, e.getMessage());
            sessions.close(connection);
            return;
        }
        connection.readOnlyFieldPresent = connect.readOnlyPresent();
        sessions.connect(connection, connect, null);
    }

    @Override
    public void request(TcpConnection connection, ByteBuffer frame) {
        ClientCodec.Decoded decoded;
        try {
            decoded = ClientCodec.decodeRequest(frame, config.juteMaxBufferBytes());
        } catch (MalformedFrameException e) {
            if (!e.headerRead() || e.opcode() == OpCode.AUTH || e.opcode() == OpCode.SASL) {
                LOG.warn("closing session 0x{} connection from {}: undecodable request: {}",
                        Long.toHexString(connection.sessionId), connection.remoteHost, e.getMessage());
                sessions.close(connection);
                return;
            }
            LOG.info("session 0x{}: undecodable {} request (xid {}): {}", Long.toHexString(connection.sessionId),
                    OpCode.name(e.opcode()), e.xid(), e.getMessage());
            decoded = new ClientCodec.Decoded(e.xid(), e.opcode(), new Request.Malformed(e.opcode()));
        }
        sessions.request(connection, decoded.xid(), decoded.opcode(), decoded.request(), null);
    }

    // ---- four-letter words ------------------------------------------------------------------

    FourLetterWordOutput.View fourLetterView() {
        return sessions.view(clusterView.get());
    }

    @Override
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
