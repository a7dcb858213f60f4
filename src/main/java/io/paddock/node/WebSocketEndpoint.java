package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.wire.json.JsonErrors;
import io.paddock.wire.json.JsonMessage;
import io.paddock.wire.json.JsonReader;
import io.paddock.wire.json.JsonRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket JSON protocol on the node's HTTP port (docs/websocket-protocol.md): upgrades
 * {@code GET /ws} to a {@link WebSocketConnection}, decodes each message ({@link JsonRequests})
 * and hands the handshake and the requests to the session layer, which runs them exactly as it
 * runs the ZooKeeper protocol's. Messages the protocol cannot act on (not JSON, an unknown op, a
 * missing field, over the size limit, a request before connect) are answered with a typed error
 * and change nothing else: the connection and its session stay as they were. Also serves the
 * JavaScript client module at {@code GET /paddock.js}.
 *
 * <p>Handlers run on the node's event loop (the HTTP server's context shares the loop with the
 * client verticle's), so the session layer is touched from one thread only. Upgrades are refused
 * (503) until the node has served for the first time, as the TCP port is closed until then.
 */
final class WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    static final String PATH = "/ws";
    static final String CLIENT_PATH = "/paddock.js";
    /** Where the JavaScript client sits on the classpath (src/main/resources). */
    static final String CLIENT_RESOURCE = "paddock/paddock.js";

    private final NodeConfig config;
    private final Sessions sessions;
    private Buffer client;

    WebSocketEndpoint(NodeConfig config, Sessions sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    /** Adds the routes; completes once the JavaScript client is loaded (from the jar, on a worker). */
    Future<Void> register(Vertx vertx, Router router) {
        router.get(CLIENT_PATH).handler(this::client);
        router.route(PATH).handler(this::upgrade);
        return vertx.executeBlocking(WebSocketEndpoint::readClient, false).map(bytes -> {
            client = Buffer.buffer(bytes);
            return null;
        });
    }

    private static byte[] readClient() throws IOException {
        try (InputStream in = WebSocketEndpoint.class.getClassLoader().getResourceAsStream(CLIENT_RESOURCE)) {
            if (in == null) {
                throw new IOException("the JavaScript client " + CLIENT_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    private void client(RoutingContext rc) {
        rc.response().putHeader("content-type", "text/javascript; charset=utf-8")
                .putHeader("cache-control", "no-cache").end(client);
    }

    private void upgrade(RoutingContext rc) {
        if (!sessions.everServed()) {
            error(rc, 503, "this node has not served yet (no leader so far): try again, or another member");
            return;
        }
        rc.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.succeeded()) {
                accept(upgraded.result());
            } else if (!rc.response().ended()) {
                error(rc, 400, PATH + " speaks the WebSocket protocol only: " + upgraded.cause().getMessage());
            }
        });
    }

    private static void error(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", message).encode());
    }

    private void accept(ServerWebSocket socket) {
        WebSocketConnection connection = new WebSocketConnection(sessions.nextConnectionId(), socket, this,
                config.webSocketMessageBytesMax(), sessions.firstXid(), System.currentTimeMillis());
        if (!sessions.admit(connection)) {
            return;
        }
        socket.frameHandler(frame -> {
            connection.frame(frame);
            sessions.flushDirty();
        });
        socket.closeHandler(v -> sessions.closed(connection));
        socket.exceptionHandler(cause -> LOG.debug("WebSocket {} error: {}", connection.remoteHost, cause.toString()));
    }

    /**
     * One whole message of {@code messageBytes}; {@code bytes} is all of it, or only its start
     * when it is over the limit.
     */
    void message(WebSocketConnection connection, byte[] bytes, long messageBytes, boolean binary) {
        connection.countReceived(sessions.stats());
        if (connection.state == Connection.State.CLOSED) {
            return;
        }
        JsonMessage message;
        if (messageBytes > config.webSocketMessageBytesMax()) {
            message = new JsonMessage.Invalid(JsonReader.topLevelId(bytes, bytes.length), JsonErrors.TOO_LARGE,
                    "the message has " + messageBytes + " bytes; the limit is " + config.webSocketMessageBytesMax()
                            + " (webSocketMessageBytesMax)");
        } else if (binary) {
            message = new JsonMessage.Invalid(null, JsonErrors.BAD_JSON, "binary frames are not used: send each "
                    + "message as one JSON text message");
        } else {
            message = JsonRequests.decode(bytes, bytes.length, config.juteMaxBufferBytes());
        }
        dispatch(connection, message);
    }

    private void dispatch(WebSocketConnection connection, JsonMessage message) {
        if (message instanceof JsonMessage.Invalid invalid) {
            answerInvalid(connection, invalid.id(), invalid.code(), invalid.message());
        } else if (message instanceof JsonMessage.Connect connect) {
            if (connection.state == Connection.State.NEW) {
                sessions.connect(connection, connect.connect(), connect.id());
                sessions.markDirty(connection);
            } else {
                answerInvalid(connection, connect.id(), JsonErrors.ALREADY_CONNECTED,
                        "this connection already has session 0x" + Long.toHexString(connection.sessionId)
                                + "; open a new connection for another session");
            }
        } else if (message instanceof JsonMessage.Op op) {
            switch (connection.state) {
                case NEW -> answerInvalid(connection, op.id(), JsonErrors.NOT_CONNECTED,
                        "send {\"op\": \"connect\"} first and wait for \"connected\"");
                case CONNECTING -> connection.early.add(op);
                case OPEN -> request(connection, op);
                case CLOSED -> { }
            }
        }
    }

    /** A request of the open session, now or once the session was created (an early one). */
    void request(WebSocketConnection connection, JsonMessage.Op op) {
        sessions.request(connection, connection.nextXid(), op.request().opcode(), op.request(), op);
    }

    private void answerInvalid(WebSocketConnection connection, Object id, String code, String message) {
        LOG.debug("WebSocket {} session 0x{}: {} {}", connection.remoteHost, Long.toHexString(connection.sessionId),
                code, message);
        connection.invalid(id, sessions.tree().lastZxid(), code, message);
        connection.countSent(sessions.stats());
        sessions.markDirty(connection);
    }
}
