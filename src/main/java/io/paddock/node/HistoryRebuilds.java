package io.paddock.node;

import io.paddock.model.Request;
import io.paddock.model.WatcherType;
import io.paddock.model.Zxid;
import io.paddock.session.WatchHistory;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resumed addWatch requests whose {@code fromZxid} is older than the memory history: each
 * waits at the head of its session's pipeline (so the session's later replies wait behind it,
 * as they wait behind a write) while a worker rebuilds its events from the snapshot and txn log
 * ({@link LogHistory}), then is answered by the session layer in one event-loop turn: the
 * rebuilt events, then memory's from where the rebuild stopped, then the watch goes live.
 *
 * <p>Runs on the node's event loop (the client verticle's context); the rebuilds run on that
 * context's workers. Invariants: at most one rebuild runs at a time ({@code running}); at most
 * {@link #QUEUED_MAX} wait behind it (more are answered {@link LogHistory.Busy} at once); a
 * pending request is in the queue or running at most once ({@link Connection.Pending#diskQueued});
 * a request whose memory moved past the rebuilt range is rebuilt again at most once, then
 * answered {@link LogHistory.Gone}.
 */
final class HistoryRebuilds {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRebuilds.class);
    /** Resumes that may wait for the disk beside the one being rebuilt. */
    static final int QUEUED_MAX = 16;
    /** Rebuilds of one request: the first, and one more when memory moved past the first one's end. */
    private static final int ATTEMPTS_MAX = 2;

    private record Job(Connection connection, Connection.Pending pending, LogHistory.Ask ask) {}

    /** The blocking rebuild ({@link LogHistory#rebuild} in the node), run on a worker. */
    private final Function<LogHistory.Ask, LogHistory.Outcome> disk;
    private final Consumer<Connection> done;
    private final NodeMetrics metrics;
    /** Invariant: at most {@link #QUEUED_MAX} jobs, none of them started yet. */
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private Context context;
    /** Invariant: true exactly while one rebuild runs on a worker. */
    private boolean running;

    /** {@code done} is called on the event loop once a connection's head request has its outcome. */
    HistoryRebuilds(Function<LogHistory.Ask, LogHistory.Outcome> disk, Consumer<Connection> done, NodeMetrics metrics) {
        this.disk = disk;
        this.done = done;
        this.metrics = metrics;
    }

    /** The context whose workers run rebuilds and whose event loop gets their outcomes. */
    void start(Context eventLoopContext) {
        this.context = eventLoopContext;
    }

    /**
     * True when {@code head}, the head of its connection's pipeline, must wait for the disk (a
     * rebuild was queued for it or runs); false when it can be answered now: it needs no disk,
     * or its outcome is there (a rebuilt history still joined by memory, HISTORY_GONE or busy).
     */
    boolean holds(Connection connection, Connection.Pending head, WatchHistory memory, long appliedZxid) {
        if (!(head.request instanceof Request.AddWatch add) || !add.resumes() || context == null) {
            return false;
        }
        if (head.diskQueued) {
            return true;
        }
        if (head.diskOutcome instanceof LogHistory.Rebuilt rebuilt && !memory.covers(rebuilt.toZxid())) {
            // Memory moved on past the rebuilt range while the disk was read: read up to its new start.
            head.diskOutcome = head.diskAttempts < ATTEMPTS_MAX ? null : new LogHistory.Gone(-1);
        }
        if (head.diskOutcome != null) {
            return false;
        }
        boolean persistent = add.mode() == WatcherType.ADD_WATCH_PERSISTENT
                || add.mode() == WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE;
        if (!persistent || add.fromZxid() >= memory.oldestZxid() || add.fromZxid() > appliedZxid) {
            return false; // memory serves it, or the executor refuses it
        }
        if (queue.size() >= QUEUED_MAX) {
            head.diskOutcome = new LogHistory.Busy();
            metrics.watchHistoryRead("busy", 0);
            return false;
        }
        boolean recursive = add.mode() == WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE;
        head.diskQueued = true;
        head.diskAttempts++;
        queue.addLast(new Job(connection, head,
                new LogHistory.Ask(add.path(), recursive, add.fromZxid(), memory.oldestZxid())));
        next();
        return true;
    }

    /** Starts the next queued rebuild of a connection still open, unless one runs. */
    private void next() {
        while (!running && !queue.isEmpty()) {
            Job job = queue.pollFirst();
            if (job.connection().state == Connection.State.CLOSED) {
                job.pending().diskQueued = false;
                continue;
            }
            running = true;
            long startedNanos = System.nanoTime();
            context.executeBlocking(() -> disk.apply(job.ask()), false).onComplete(result -> {
                running = false;
                Connection.Pending pending = job.pending();
                pending.diskQueued = false;
                long nanos = System.nanoTime() - startedNanos;
                if (result.succeeded()) {
                    pending.diskOutcome = result.result();
                    metrics.watchHistoryRead(pending.diskOutcome instanceof LogHistory.Rebuilt ? "rebuilt" : "gone", nanos);
                    // Rare and costly (a snapshot load and a log read): worth a line each.
                    LOG.info("watch resume of {} from {} to {} read from disk in {} ms: {}", job.ask().path(),
                            Zxid.hex(job.ask().fromZxid()), Zxid.hex(job.ask().toZxid()),
                            nanos / 1_000_000, describe(result.result()));
                } else {
                    LOG.warn("watch history rebuild failed: {}", result.cause().toString());
                    pending.diskOutcome = new LogHistory.Gone(-1);
                    metrics.watchHistoryRead("gone", nanos);
                }
                if (job.connection().state != Connection.State.CLOSED) {
                    done.accept(job.connection());
                }
                next();
            });
        }
    }

    private static String describe(LogHistory.Outcome outcome) {
        if (outcome instanceof LogHistory.Rebuilt rebuilt) {
            return rebuilt.events().eventCount() + " events for the watch";
        }
        return outcome instanceof LogHistory.Gone gone && gone.oldestZxid() >= 0
                ? "gone; the oldest retained snapshot is " + Zxid.hex(gone.oldestZxid()) : "gone";
    }

    /** Rebuilds running or waiting (for tests). */
    int size() {
        return queue.size() + (running ? 1 : 0);
    }
}
