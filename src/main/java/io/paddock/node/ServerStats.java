package io.paddock.node;

/**
 * Node-wide counters for the four-letter words and metrics: packets, latency, connections.
 * Written and read on the node's event loop only. It also carries the node's
 * {@link NodeMetrics}, so that the client verticle reaches its meters through the stats it
 * already has.
 */
public final class ServerStats {
    public final long startedMs = System.currentTimeMillis();
    /** The Prometheus meters; recording nothing when the node has no HTTP port. */
    public final NodeMetrics metrics;
    public volatile boolean serving;
    long packetsReceived;
    long packetsSent;
    long connectionsAccepted;
    long authFailed;
    long lastZxid;
    long latencyMinMs = Long.MAX_VALUE;
    long latencyMaxMs;
    long latencyTotalMs;
    long latencyCount;

    long eventLoopLagMaxMs;

    public ServerStats() {
        this(NodeMetrics.disabled());
    }

    public ServerStats(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Measures how late a 10 ms timer fires: the event loop's stall, reported by {@code mntr}
     * as zk_event_loop_lag_max_ms (since start or the last {@code srst}) and by the
     * {@code paddock_event_loop_lag_seconds} histogram.
     */
    static void probeEventLoop(io.vertx.core.Vertx vertx, ServerStats stats) {
        long[] due = {System.nanoTime() + 10_000_000L};
        vertx.setPeriodic(10, id -> {
            long now = System.nanoTime();
            long lagNanos = Math.max(0, now - due[0]);
            stats.recordEventLoopLag(lagNanos / 1_000_000L);
            stats.metrics.eventLoopLag(lagNanos);
            due[0] = now + 10_000_000L;
        });
    }

    void recordEventLoopLag(long lagMs) {
        eventLoopLagMaxMs = Math.max(eventLoopLagMaxMs, lagMs);
    }

    void recordLatency(long latencyMs) {
        latencyMinMs = Math.min(latencyMinMs, latencyMs);
        latencyMaxMs = Math.max(latencyMaxMs, latencyMs);
        latencyTotalMs += latencyMs;
        latencyCount++;
    }

    long minLatencyMs() {
        return latencyCount == 0 ? 0 : latencyMinMs;
    }

    double avgLatencyMs() {
        return latencyCount == 0 ? 0 : (double) latencyTotalMs / latencyCount;
    }

    void reset() {
        eventLoopLagMaxMs = 0;
        packetsReceived = 0;
        packetsSent = 0;
        latencyMinMs = Long.MAX_VALUE;
        latencyMaxMs = 0;
        latencyTotalMs = 0;
        latencyCount = 0;
    }
}
