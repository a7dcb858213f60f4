package io.paddock.node;

import io.vertx.core.Vertx;

/**
 * The consensus clock: a tick every {@code periodMs} of wall time, with the ticks missed during
 * an event-loop stall coalesced into one.
 *
 * <p>{@code Vertx.setPeriodic} runs at a fixed rate: after the event loop stalls (a G1 pause, a
 * long task, a starved thread), it delivers every missed tick at once, before the peer messages
 * that arrived meanwhile are read. Measured here: a 500 ms stall gave ten ticks in the same
 * millisecond. For the core those are 500 ms of silence from every peer that was in fact
 * talking: a follower campaigns, and a leader's check-quorum round can end with nobody heard
 * from, so it steps down. The node's own stall is not evidence that its peers went quiet. So a
 * tick that comes less than half a period after the previous one ran is dropped, as Go's ticker
 * drops the ticks a slow etcd loop missed. Unlike a fixed-delay timer, the cadence stays on wall
 * time while the loop is merely busy, so election timeouts do not stretch under load. Peers
 * that stall still look silent to the others, as they should. Event-loop only; the timer
 * belongs to the deploying verticle's context and ends when it is undeployed.
 */
final class CoalescedTicks {
    private final long minGapNanos;
    private final Runnable tick;
    /** When the last tick ran; the first tick always runs. */
    private long lastNanos;

    private CoalescedTicks(long periodMs, Runnable tick, long nowNanos) {
        this.minGapNanos = periodMs * 1_000_000L / 2;
        this.tick = tick;
        this.lastNanos = nowNanos - minGapNanos;
    }

    static void start(Vertx vertx, long periodMs, Runnable tick) {
        CoalescedTicks ticks = new CoalescedTicks(periodMs, tick, System.nanoTime());
        vertx.setPeriodic(periodMs, id -> ticks.fired(System.nanoTime()));
    }

    private void fired(long now) {
        if (now - lastNanos < minGapNanos) {
            return; // one of a burst of ticks missed during a stall: the first one stood for them all
        }
        lastNanos = now;
        tick.run();
    }
}
