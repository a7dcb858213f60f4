package io.paddock.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The control for the event-loop stall figure of {@code scripts/bench-storage.sh}: a separate,
 * idle JVM that sleeps 10 ms in a loop and records how late it wakes, as Paddock's event-loop
 * probe does with a 10 ms timer. Run beside a load phase, its worst lateness is the stall the
 * machine itself causes (CPU contention on shared cores, the hypervisor, GC-free), which Paddock's
 * figure cannot go below. Runs until killed (SIGTERM), then prints {@code max_lateness_ms ticks}
 * from a shutdown hook; {@code --seconds S} (default 3600) bounds it.
 */
public final class TimerLag {
    private TimerLag() {}

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length == 2 && args[0].equals("--seconds") ? Long.parseLong(args[1]) : 3600;
        AtomicLong max = new AtomicLong();
        AtomicLong ticks = new AtomicLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(max.get() + " " + ticks.get())));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            Thread.sleep(10);
            long lateMs = (System.nanoTime() - before) / 1_000_000L - 10;
            if (lateMs > max.get()) {
                max.set(lateMs);
            }
            ticks.incrementAndGet();
        }
    }
}
