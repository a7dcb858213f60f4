package io.paddock.it;

import org.awaitility.Awaitility;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A test client of the WebSocket protocol on a real Vert.x {@link WebSocketClient}: sends JSON
 * messages, keeps every message the node sends in arrival order, and waits (bounded, with
 * Awaitility) for replies by id, for events and for the connection to close. Thread-safe: the
 * socket's handlers run on the client Vertx's event loop, the test on its own thread.
 */
final class WsClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    private volatile boolean closed;

    private WsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(v -> closed = true);
    }

    /** A connection to {@code /ws} on 127.0.0.1:{@code port}, before any message. */
    static WsClient open(Vertx vertx, int port) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new WsClient(client, socket);
    }

    /** A connection with a new session of {@code timeoutMs}; returns the connected message. */
    static WsClient session(Vertx vertx, int port, int timeoutMs) throws Exception {
        WsClient ws = open(vertx, port);
        ws.connect(new JsonObject().put("timeoutMs", timeoutMs));
        return ws;
    }

    /** Sends a connect message with {@code fields} and waits for "connected". */
    JsonObject connect(JsonObject fields) {
        send(fields.copy().put("op", "connect"));
        return await(m -> "connected".equals(m.getString("type")));
    }

    void send(JsonObject message) {
        sendText(message.encode());
    }

    void sendText(String text) {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().join();
    }

    void sendFrame(WebSocketFrame frame) {
        socket.writeFrame(frame).toCompletionStage().toCompletableFuture().join();
    }

    void sendBinary(Buffer bytes) {
        socket.writeBinaryMessage(bytes).toCompletionStage().toCompletableFuture().join();
    }

    /** A request {@code {"op": op, k1: v1, ...}} with a fresh id; returns its reply. */
    JsonObject call(String op, Object... fields) {
        JsonObject request = new JsonObject().put("op", op);
        for (int i = 0; i < fields.length; i += 2) {
            request.put((String) fields[i], fields[i + 1]);
        }
        return call(request);
    }

    JsonObject call(JsonObject request) {
        return reply(post(request));
    }

    /**
     * Sends {@code request} with a fresh id, without waiting; returns the id. The id goes first,
     * as the JavaScript client sends it, so that the node finds it even in a message it cuts short.
     */
    long post(JsonObject request) {
        long id = ids.getAndIncrement();
        send(new JsonObject().put("id", id).mergeIn(request));
        return id;
    }

    /** The reply to request {@code id}. */
    JsonObject reply(Object id) {
        return await(m -> "reply".equals(m.getString("type")) && id.equals(idOf(m)));
    }

    /** A reply's result, failing with the error when there is one. */
    static JsonObject result(JsonObject reply) {
        if (reply.containsKey("error")) {
            throw new AssertionError("expected a result, got " + reply.encode());
        }
        return reply.getJsonObject("result");
    }

    /** A reply's error code, failing when it succeeded. */
    static String errorCode(JsonObject reply) {
        if (!reply.containsKey("error")) {
            throw new AssertionError("expected an error, got " + reply.encode());
        }
        return reply.getJsonObject("error").getString("code");
    }

    private static Object idOf(JsonObject message) {
        Object id = message.getValue("id");
        return id instanceof Integer small ? Long.valueOf(small) : id;
    }

    /** The first message received so far or within {@link #WAIT} that matches. */
    JsonObject await(Predicate<JsonObject> matches) {
        JsonObject[] found = new JsonObject[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (JsonObject message : received) {
                if (matches.test(message)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Every message received so far. */
    List<JsonObject> received() {
        return new ArrayList<>(received);
    }

    /** The events received so far, in order. */
    List<JsonObject> events() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject message : received) {
            if ("event".equals(message.getString("type"))) {
                out.add(message);
            }
        }
        return out;
    }

    /** Waits until at least {@code count} events have arrived; returns them all. */
    List<JsonObject> awaitEvents(int count) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> events().size() >= count);
        return events();
    }

    /** Forgets what was received so far (later waits see only newer messages). */
    void clear() {
        received.clear();
    }

    boolean isClosed() {
        return closed;
    }

    void awaitClosed() {
        Awaitility.await().atMost(WAIT).until(() -> closed);
    }

    /** The connection still answers: a ping gets its reply. */
    void assertAlive() {
        result(call("ping"));
    }

    static JsonArray strings(String... values) {
        return new JsonArray(List.of((Object[]) values));
    }

    @Override
    public void close() {
        if (!closed) {
            socket.close().toCompletionStage().toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        client.close().toCompletionStage().toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
