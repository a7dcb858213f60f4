package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.wire.jute.JuteWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketOut} over a real socket on 127.0.0.1: what arrives is exactly what was written,
 * in order, while the writer's arrays are reused rather than allocated per write.
 */
class SocketOutTest {
    private Vertx vertx;
    private NetServer server;
    /**
     * Held for the whole test: Vert.x 5 closes a client that has become unreachable (its cleaner),
     * and with it the client's connections, so a client used only inside a callback chain can be
     * collected, and its connection closed, in the middle of the writes.
     */
    private NetClient client;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // Listening from a context, as a verticle does; the server's connections run on its event loop.
        CompletableFuture<NetServer> listening = new CompletableFuture<>();
        vertx.runOnContext(v -> vertx.createNetServer()
                .connectHandler(socket -> socket.handler(chunk -> {
                    synchronized (received) {
                        received.writeBytes(chunk.getBytes());
                    }
                }))
                .listen(0, "127.0.0.1")
                .onComplete(r -> {
                    if (r.succeeded()) {
                        listening.complete(r.result());
                    } else {
                        listening.completeExceptionally(r.cause());
                    }
                }));
        server = listening.get(10, TimeUnit.SECONDS);
        client = vertx.createNetClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int receivedBytes() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Runs {@code batches} writes of random sizes on the client's event loop, each after the last completed. */
    private byte[] writeBatches(SocketOut socketOut, JuteWriter out, int batches, int maxBytes,
            Set<byte[]> arraysSeen) throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        SplittableRandom random = new SplittableRandom(42);
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Connected from a context, so that the socket, the writes and their completions share its event loop.
        vertx.runOnContext(v -> client.connect(server.actualPort(), "127.0.0.1")
                .compose(socket -> writeNext(socket, socketOut, out, batches, maxBytes, random, expected, arraysSeen))
                .onComplete(r -> {
                    if (r.succeeded()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(r.cause());
                    }
                }));
        done.get(30, TimeUnit.SECONDS);
        return expected.toByteArray();
    }

    private Future<Void> writeNext(NetSocket socket, SocketOut socketOut, JuteWriter out, int left, int maxBytes,
            SplittableRandom random, ByteArrayOutputStream expected, Set<byte[]> arraysSeen) {
        if (left == 0) {
            return Future.succeededFuture();
        }
        int n = 1 + random.nextInt(maxBytes);
        for (int i = 0; i < n; i++) {
            out.writeByte(random.nextInt(256));
        }
        expected.write(out.array(), 0, out.size());
        arraysSeen.add(out.array());
        Promise<Void> all = Promise.promise();
        socketOut.write(socket, out).onComplete(r -> {
            if (r.failed()) {
                all.fail(r.cause());
                return;
            }
            assertThat(out.size()).isZero();
            writeNext(socket, socketOut, out, left - 1, maxBytes, random, expected, arraysSeen).onComplete(all);
        });
        return all.future();
    }

    private void assertReceivedExactly(byte[] expected) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receivedBytes() >= expected.length);
        synchronized (received) {
            assertThat(received.toByteArray()).isEqualTo(expected);
        }
    }

    @Test
    void everyBatchArrivesInOrderAndTheArraysAreReused() throws Exception {
        SocketOut socketOut = new SocketOut(4096, 1 << 20);
        JuteWriter out = new JuteWriter(4096);
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        byte[] expected = writeBatches(socketOut, out, 300, 3000, arrays);

        assertReceivedExactly(expected);
        // One write at a time: the writer alternates between two arrays, never one per write.
        assertThat(arrays).hasSizeLessThanOrEqualTo(2);
        assertThat(socketOut.spares()).isBetween(1, SocketOut.SPARES_MAX);
    }

    @Test
    void anArrayGrownPastTheRetainedBoundIsNotKept() throws Exception {
        SocketOut socketOut = new SocketOut(64, 1024);
        JuteWriter out = new JuteWriter(64);
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        byte[] expected = writeBatches(socketOut, out, 20, 8000, arrays);

        assertReceivedExactly(expected);
        // Batches of up to 8000 bytes grow the writer past 1024: those arrays are dropped, not kept.
        assertThat(arrays.size()).isGreaterThan(2);
        assertThat(socketOut.spares()).isLessThanOrEqualTo(SocketOut.SPARES_MAX);
    }

    @Test
    void aWriteOnAClosedSocketStillGivesItsArrayBack() throws Exception {
        SocketOut socketOut = new SocketOut(256, 1 << 20);
        JuteWriter out = new JuteWriter(256);
        CompletableFuture<Boolean> failed = new CompletableFuture<>();
        CompletableFuture<Integer> spares = new CompletableFuture<>();
        vertx.runOnContext(v -> client.connect(server.actualPort(), "127.0.0.1")
                .compose(socket -> socket.close().map(socket))
                .onSuccess(socket -> {
                    out.writeInt(7);
                    socketOut.write(socket, out).onComplete(r -> {
                        failed.complete(r.failed());
                        spares.complete(socketOut.spares());
                    });
                }));
        assertThat(failed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(spares.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aTooSmallReplacementIsRefused() {
        JuteWriter out = new JuteWriter(64);
        assertThatThrownBy(() -> out.swapArray(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
        out.writeInt(1);
        byte[] content = out.swapArray(new byte[32]);
        assertThat(content).hasSize(64);
        assertThat(out.size()).isZero();
        assertThat(out.array()).hasSize(32);
    }
}
