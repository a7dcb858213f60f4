package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.paddock.node.ReplicationVerticle;
import io.paddock.node.SnapshotVerticle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stopping a node under a write load lets the batch being fsync'd finish (Vert.x would otherwise
 * interrupt the worker and close the log under it, which reads as a failed disk): no error is
 * logged, and every acknowledged write is there after a restart.
 */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void stopUnderWriteLoadLogsNoDiskFailureAndKeepsEveryAcknowledgedWrite() throws Exception {
        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        errors.start();
        List<Logger> watched = List.of((Logger) LoggerFactory.getLogger(ReplicationVerticle.class),
                (Logger) LoggerFactory.getLogger(SnapshotVerticle.class));
        watched.forEach(l -> l.addAppender(errors));
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try {
            TestNode node = TestNode.start(dir);
            ZooKeeper zk = node.client();
            Semaphore inFlight = new Semaphore(400);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> acked.size() >= 500);
                try {
                    node.close(); // while creates are being written
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                for (int i = 0; i < 100_000 && !stopped.isDone(); i++) {
                    if (!inFlight.tryAcquire(5, TimeUnit.SECONDS)) {
                        break; // the node is gone and the client is failing its requests slowly
                    }
                    zk.create("/w" + i, new byte[64], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                            (rc, path, ctx, name) -> {
                                inFlight.release();
                                if (rc == KeeperException.Code.OK.intValue()) {
                                    acked.add(path);
                                }
                            }, null);
                }
                stopped.get(30, TimeUnit.SECONDS);
            } finally {
                zk.close(1000);
            }
        } finally {
            watched.forEach(l -> l.detachAppender(errors));
        }
        assertThat(errors.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).isEmpty();
        try (TestNode again = TestNode.start(dir); ZooKeeper zk = again.client()) {
            for (String path : acked) {
                assertThat(zk.exists(path, false)).as(path).isNotNull();
            }
        }
    }
}
