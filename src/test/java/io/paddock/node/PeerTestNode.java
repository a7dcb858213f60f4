package io.paddock.node;

import io.paddock.consensus.PeerMessage;
import io.paddock.tree.DataTree;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node for transport tests: its own {@link Vertx} with one event loop (as a real node has),
 * a {@link PeerTransport} created and driven on that loop, and everything the transport handed
 * to it, recorded for the test thread. Every call that touches the transport runs on the loop
 * and waits for it at most {@link #CALL_TIMEOUT_SECONDS}.
 */
final class PeerTestNode implements AutoCloseable {
    static final int CALL_TIMEOUT_SECONDS = 10;

    /** A snapshot the node received, with how many messages had arrived before it. */
    record Snapshot(int from, long epoch, DataTree tree, int messagesBefore) {}

    final int id;
    final ClusterSettings cluster;
    private final Vertx vertx;
    private final Context context;
    private PeerTransport transport;
    private boolean closed;
    private final List<PeerMessage> received = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Map<Integer, AtomicInteger> disconnects = new ConcurrentHashMap<>();

    PeerTestNode(ClusterSettings cluster) {
        this.id = cluster.selfId();
        this.cluster = cluster;
        // A short blocked-thread limit, so that accidental blocking on the loop shows up in the test log.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4)
                .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        this.context = vertx.getOrCreateContext();
    }

    /** Creates the transport on the node's loop and waits for its port to be bound. */
    PeerTestNode start() {
        call(() -> {
            transport = new PeerTransport(vertx, cluster, new Recorder(), new SplittableRandom(id));
            return null;
        });
        await(call(() -> transport.start().toCompletionStage().toCompletableFuture()));
        return this;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Runs {@code action} on the node's event loop and returns its result. */
    <T> T call(Callable<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return await(result);
    }

    /** Runs {@code action} with the transport on the node's event loop. */
    <T> T onTransport(java.util.function.Function<PeerTransport, T> action) {
        return call(() -> action.apply(transport));
    }

    /** For code already running on the node's loop: uses the transport directly, without a hop. */
    void onTransportNow(java.util.function.Consumer<PeerTransport> action) {
        if (!Context.isOnEventLoopThread() || Vertx.currentContext().owner() != vertx) {
            throw new IllegalStateException("not on node " + id + "'s event loop");
        }
        action.accept(transport);
    }

    /** Queues {@code action} on the node's loop, after whatever is already queued there. */
    void runOnLoop(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    void send(List<PeerMessage> messages) {
        call(() -> {
            transport.send(messages);
            return null;
        });
    }

    boolean connected(int peer) {
        return onTransport(t -> t.connected(peer));
    }

    synchronized List<PeerMessage> received() {
        return List.copyOf(received);
    }

    synchronized List<PeerMessage> receivedFrom(int peer) {
        return received.stream().filter(m -> m.from() == peer).toList();
    }

    synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    synchronized List<Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    int disconnects(int peer) {
        AtomicInteger count = disconnects.get(peer);
        return count == null ? 0 : count.get();
    }

    /** Closes the transport, then the node's Vert.x; waits for both. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (transport != null) {
            await(call(() -> transport.close().toCompletionStage().toCompletableFuture()));
        }
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The transport's inbound side; called on the node's loop, read by the test thread. */
    private final class Recorder implements PeerTransport.Inbound {
        @Override
        public void messages(List<PeerMessage> messages) {
            synchronized (PeerTestNode.this) {
                received.addAll(messages);
                batchSizes.add(messages.size());
            }
        }

        @Override
        public void disconnected(int peer) {
            disconnects.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void snapshot(int from, long epoch, DataTree tree) {
            synchronized (PeerTestNode.this) {
                snapshots.add(new Snapshot(from, epoch, tree, received.size()));
            }
        }
    }
}
