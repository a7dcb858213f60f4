package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.ZooKeeper;

/**
 * Reading the watch events a test's client queued, bounded: the tests that move a watching
 * session (between nodes, or across a reconnect) check which events reached it and that no
 * other did. Stateless; called from the test thread while the client's event thread fills the
 * queue.
 */
final class WatchEvents {
    private WatchEvents() {}

    /** The next {@code n} events of {@code events} as "Type /path", waiting at most 30 s in all. */
    static List<String> take(BlockingQueue<WatchedEvent> events, int n) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (taken.size() < n) {
            WatchedEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("only " + taken + " of " + n + " events in 30 s");
            }
            taken.add(e.getType().name() + " " + e.getPath());
        }
        return taken;
    }

    /**
     * An async call's callback runs on the client's event thread after every event received
     * before its reply, so once it has run, every event the node sent earlier is in the queue.
     */
    static void barrier(ZooKeeper zk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("barrier answered").isTrue();
    }
}
