package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Linux x86-64 (this project's build and CI machines) a node runs on Netty's native epoll
 * transport, which the build ships, and serves ZooKeeper clients on it; elsewhere it must fall
 * back to Java NIO rather than fail to start.
 */
class NativeTransportTest {
    @TempDir
    Path dir;

    @Test
    void aNodeRunsOnNativeEpollWhereItLoadsAndServesOnIt() throws Exception {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        try (TestNode node = TestNode.start(dir)) {
            assertThat(node.node.vertx().isNativeTransportEnabled())
                    .as("native transport (unavailable because: %s)", node.node.vertx().unavailableNativeTransportCause())
                    .isEqualTo(linuxX64);
            try (ZooKeeper zk = node.client()) {
                zk.create("/on-epoll", new byte[] {7}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertThat(zk.getData("/on-epoll", false, null)).containsExactly(7);
            }
        }
    }
}
