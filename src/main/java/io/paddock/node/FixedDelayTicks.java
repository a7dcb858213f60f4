package io.paddock.node;

import io.vertx.core.Vertx;

/**
 * The consensus clock: a tick {@code periodMs} after the previous tick ran, never a burst.
 *
 * <p>{@code Vertx.setPeriodic} runs at a fixed rate: after the event loop stalls (a G1 pause, a
 * long task), it delivers every missed tick at once, before the peer messages that arrived
 * meanwhile are read. Measured here: a 500 ms stall gave ten ticks in the same millisecond. For
 * the core those are 500 ms of silence from every peer that was in fact talking. A follower
 * campaigns, and a leader's check-quorum round can end with nobody heard from, so it steps
 * down. The node's own pause is not evidence that its peers went quiet. So the next tick is
 * scheduled only after the last one ran, as Go's ticker drops the ticks a slow etcd loop missed.
 * Peers that paused still look silent to the others, as they should. Event-loop only; the timer
 * chain belongs to the deploying verticle's context and ends when it is undeployed.
 */
final class FixedDelayTicks {
    private FixedDelayTicks() {}

    static void start(Vertx vertx, long periodMs, Runnable tick) {
        vertx.setTimer(periodMs, id -> {
            try {
                tick.run();
            } finally {
                start(vertx, periodMs, tick);
            }
        });
    }
}
