package io.paddock.sim;

import java.util.PriorityQueue;

/**
 * The simulator's clock and agenda: events ordered by simulated time (milliseconds), ties
 * broken by the order they were scheduled, so a run is a pure function of its seed.
 * Single-threaded.
 */
final class SimEvents {
    /** One scheduled action. */
    private record Event(long timeMs, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timeMs, other.timeMs);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long nowMs;
    private long seq;
    private long executed;

    long nowMs() {
        return nowMs;
    }

    long executed() {
        return executed;
    }

    void at(long timeMs, Runnable action) {
        queue.add(new Event(Math.max(timeMs, nowMs), seq++, action));
    }

    void after(long delayMs, Runnable action) {
        at(nowMs + Math.max(0, delayMs), action);
    }

    /** Runs every event due up to {@code untilMs}, in order; the clock ends at {@code untilMs}. */
    void runUntil(long untilMs) {
        while (!queue.isEmpty() && queue.peek().timeMs() <= untilMs) {
            Event event = queue.poll();
            nowMs = event.timeMs();
            executed++;
            event.action().run();
        }
        nowMs = Math.max(nowMs, untilMs);
    }
}
