package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After the event loop stalls, {@link CoalescedTicks} delivers one late tick and then one per
 * period, where {@code setPeriodic} delivers every missed tick at once (shown here side by side,
 * so that the test would notice a Vert.x whose periodic timer stopped bursting).
 */
class CoalescedTicksTest {
    private static final long PERIOD_MS = 20;
    private static final long STALL_MS = 300;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Tick times in ns, across a stall of the ticking event loop, until {@code count} ticks came. */
    private List<Long> ticksAcrossAStall(boolean coalesced, int count) throws Exception {
        List<Long> ticks = new ArrayList<>();
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        Runnable tick = () -> {
            ticks.add(System.nanoTime());
            if (ticks.size() == 3) {
                stall(); // on the ticking event loop, as a GC pause or a long task would
            }
            if (ticks.size() == count) {
                done.complete(new ArrayList<>(ticks));
            }
        };
        vertx.runOnContext(v -> {
            if (coalesced) {
                CoalescedTicks.start(vertx, PERIOD_MS, tick);
            } else {
                vertx.setPeriodic(PERIOD_MS, id -> tick.run());
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }

    private static void stall() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MS);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static long smallestGapMs(List<Long> ticks) {
        long smallest = Long.MAX_VALUE;
        for (int i = 1; i < ticks.size(); i++) {
            smallest = Math.min(smallest, ticks.get(i) - ticks.get(i - 1));
        }
        return TimeUnit.NANOSECONDS.toMillis(smallest);
    }

    @Test
    void aStallIsFollowedByOneTickNotABurst() throws Exception {
        List<Long> ticks = ticksAcrossAStall(true, 8);
        // The burst after the stall is coalesced: no two ticks within half a period.
        assertThat(smallestGapMs(ticks)).isGreaterThanOrEqualTo(PERIOD_MS / 2);
        // The stall itself shows as one long gap, after the third tick.
        assertThat(TimeUnit.NANOSECONDS.toMillis(ticks.get(3) - ticks.get(2))).isGreaterThanOrEqualTo(STALL_MS);
    }

    @Test
    void setPeriodicBurstsAfterAStall() throws Exception {
        List<Long> ticks = ticksAcrossAStall(false, 8);
        // The ticks missed during the 300 ms stall (about 14) come back to back.
        assertThat(smallestGapMs(ticks)).isLessThan(PERIOD_MS / 2);
    }
}
