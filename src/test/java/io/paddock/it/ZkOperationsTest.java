package io.paddock.it;

import java.nio.file.Path;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ZkOperationsCases} against one in-JVM node: both sessions on it. The ensemble runs the
 * same cases with the sessions on different nodes (process.ClusterOperationsIT).
 */
class ZkOperationsTest extends ZkOperationsCases {
    @TempDir
    static Path dir;
    static TestNode node;
    static ZooKeeper zk;
    static ZooKeeper watcher;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, Map.of("extended-types-enabled", "true"));
        zk = node.client();
        watcher = node.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (zk != null) {
            zk.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected ZooKeeper zk() {
        return zk;
    }

    @Override
    protected ZooKeeper watcher() {
        return watcher;
    }
}
