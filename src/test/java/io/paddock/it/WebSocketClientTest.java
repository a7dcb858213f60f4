package io.paddock.it;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every WebSocket test class shares: a fresh data directory per test and a client-side
 * Vert.x instance (one event loop) for its {@link WsClient}s, closed after each test so no client
 * outlives it. The node under test runs in its own Vert.x instance ({@link TestNode}).
 */
abstract class WebSocketClientTest {
    @TempDir
    Path dir;

    Vertx vertx;

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    @AfterEach
    void closeClients() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
