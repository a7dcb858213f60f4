package io.paddock.it;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 in front of a node's port, so that a test can cut a client's
 * connection the way a network does: {@link #cut()} closes both sides' sockets at once, with no
 * WebSocket close handshake, and the node only sees the TCP connection go. New connections
 * through the relay work again after a cut. Sockets live on the given Vertx's event loop.
 */
final class Relay implements AutoCloseable {
    private final NetServer server;
    private final NetClient client;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

    private Relay(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    static Relay to(Vertx vertx, int targetPort) throws Exception {
        NetClient client = vertx.createNetClient();
        NetServer server = vertx.createNetServer();
        Relay relay = new Relay(server, client);
        server.connectHandler(inbound -> {
            inbound.pause();
            client.connect(targetPort, "127.0.0.1").onComplete(dialed -> {
                if (dialed.failed()) {
                    inbound.close();
                    return;
                }
                NetSocket outbound = dialed.result();
                relay.sockets.add(inbound);
                relay.sockets.add(outbound);
                inbound.handler(outbound::write);
                outbound.handler(inbound::write);
                inbound.closeHandler(v -> outbound.close());
                outbound.closeHandler(v -> inbound.close());
                inbound.resume();
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return relay;
    }

    int port() {
        return server.actualPort();
    }

    /** Drops every connection through the relay. */
    void cut() {
        for (NetSocket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws Exception {
        cut();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
