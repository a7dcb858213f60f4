package io.paddock.node;

/**
 * Node-wide counters for the four-letter words and metrics: packets, latency, connections.
 * Written and read on the node's event loop only.
 */
public final class ServerStats {
    public final long startedMs = System.currentTimeMillis();
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
