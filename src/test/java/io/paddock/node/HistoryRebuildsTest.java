package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.ConnectResponse;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import io.paddock.session.WatchHistory;
import io.paddock.wire.json.CloseReason;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue of disk-backed resumes on a real Vert.x context: one rebuild runs at a time, at most
 * {@link HistoryRebuilds#QUEUED_MAX} wait, the next one is answered Busy at once; a resume that
 * memory serves never waits; a queued resume of a connection closed meanwhile is never rebuilt;
 * a rebuilt range that memory no longer joins is rebuilt once more, then Gone.
 */
class HistoryRebuildsTest {
    private Vertx vertx;
    private Context context;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A connection whose protocol half does nothing: only its state and identity matter here. */
    private static final class Quiet extends Connection {
        Quiet(long id) {
            super(id, SocketAddress.inetSocketAddress(4000, "127.0.0.1"), 0);
        }

        @Override void connectResponse(ConnectResponse response, long zxid, Object tag) { }
        @Override void reply(Pending pending, int xid, long zxid, int err, int opcode, Response body) { }
        @Override void authReply(int err, Object tag, long zxid) { }
        @Override void notification(long zxid, WatchEvent event, Object replayFor) { }
        @Override void closing(CloseReason reason, String message) { }
        @Override void opened() { }
        @Override void pauseReading() { }
        @Override void resumeReading() { }
        @Override void writeOut() { }
        @Override void closeTransport() { }
        @Override String protocol() { return "test"; }
    }

    private static Connection.Pending resume(long fromZxid) {
        return new Connection.Pending(1, new Request.AddWatch("/x", WatcherType.ADD_WATCH_PERSISTENT, fromZxid), 0, null);
    }

    private <T> T onContext(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(action.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneRebuildAtATimeABoundedQueueAndBusyBeyondIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<LogHistory.Ask> asked = new CopyOnWriteArrayList<>();
        List<Connection> answered = new CopyOnWriteArrayList<>();
        HistoryRebuilds rebuilds = new HistoryRebuilds(ask -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            asked.add(ask);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new LogHistory.Gone(7);
        }, answered::add, NodeMetrics.disabled());
        WatchHistory memory = new WatchHistory(5, 100);
        List<Connection> connections = new ArrayList<>();
        List<Connection.Pending> pendings = new ArrayList<>();
        for (int i = 0; i < HistoryRebuilds.QUEUED_MAX + 2; i++) {
            connections.add(new Quiet(i));
            pendings.add(resume(50));
        }
        List<Boolean> held = onContext(() -> {
            rebuilds.start(context);
            List<Boolean> out = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                out.add(rebuilds.holds(connections.get(i), pendings.get(i), memory, 200));
            }
            out.add(rebuilds.holds(connections.get(0), resume(100), memory, 200)); // memory covers it
            connections.get(1).state = Connection.State.CLOSED;
            return out;
        });
        assertThat(held.subList(0, HistoryRebuilds.QUEUED_MAX + 1)).containsOnly(true);
        assertThat(held.get(HistoryRebuilds.QUEUED_MAX + 1)).as("over the bound").isFalse();
        assertThat(pendings.get(HistoryRebuilds.QUEUED_MAX + 1).diskOutcome).isInstanceOf(LogHistory.Busy.class);
        assertThat(held.get(HistoryRebuilds.QUEUED_MAX + 2)).as("memory serves it").isFalse();

        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == HistoryRebuilds.QUEUED_MAX);
        assertThat(mostRunning.get()).isEqualTo(1);
        assertThat(asked).hasSize(HistoryRebuilds.QUEUED_MAX).allMatch(ask -> ask.fromZxid() == 50 && ask.toZxid() == 100);
        assertThat(answered).doesNotContain(connections.get(1), connections.get(HistoryRebuilds.QUEUED_MAX + 1));
        assertThat(pendings.get(0).diskOutcome).isEqualTo(new LogHistory.Gone(7));
        assertThat(pendings.get(1).diskOutcome).as("closed before its turn: never rebuilt").isNull();
        assertThat(onContext(rebuilds::size)).isZero();
    }

    @Test
    void aRebuiltRangeMemoryNoLongerJoinsIsRebuiltOnceThenGone() throws Exception {
        List<LogHistory.Ask> asked = new CopyOnWriteArrayList<>();
        HistoryRebuilds rebuilds = new HistoryRebuilds(ask -> {
            asked.add(ask);
            return new LogHistory.Rebuilt(new WatchHistory(0, ask.toZxid()), ask.toZxid());
        }, connection -> { }, NodeMetrics.disabled());
        WatchHistory memory = new WatchHistory(1, 100);
        Connection connection = new Quiet(1);
        Connection.Pending pending = resume(50);
        assertThat(onContext(() -> {
            rebuilds.start(context);
            return rebuilds.holds(connection, pending, memory, 200);
        })).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onContext(() -> pending.diskOutcome != null));
        for (int attempt = 0; attempt < 2; attempt++) {
            long zxid = 110 + attempt * 10;
            // Two txns with events move memory's oldest past what the disk gave.
            boolean waits = onContext(() -> {
                memory.record(zxid, List.of(new WatchEvent(1, "/x")), io.paddock.tree.DataTree.empty(), null);
                memory.record(zxid + 1, List.of(new WatchEvent(1, "/x")), io.paddock.tree.DataTree.empty(), null);
                return rebuilds.holds(connection, pending, memory, 300);
            });
            if (attempt == 0) {
                assertThat(waits).as("rebuilt again up to memory's new oldest").isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onContext(() -> pending.diskOutcome != null));
            } else {
                assertThat(waits).isFalse();
                assertThat(pending.diskOutcome).isEqualTo(new LogHistory.Gone(-1));
            }
        }
        assertThat(asked).extracting(LogHistory.Ask::toZxid).containsExactly(100L, 110L);
    }
}
