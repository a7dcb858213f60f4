package io.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.it.TestNode;
import io.paddock.model.Acl;
import io.paddock.model.CreateMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's session across a node restart on the same port and data directory: the next
 * command resumes the same session (its ephemeral survives), or, when the session expired in
 * the meantime, gets a new one and says so.
 */
class ConnectorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static Map<String, String> flags(int port) {
        // A 500 ms tick allows sessions of 1 to 10 s.
        return Map.of("client-port", Integer.toString(port), "tick-ms", "500");
    }

    @Test
    void aLostConnectionIsResumedWithTheSameSession() throws Exception {
        int port = CliRun.closedPort();
        List<String> notices = new CopyOnWriteArrayList<>();
        try (Connector connector = new Connector(List.of(new ServerAddress("127.0.0.1", port)), 8000, 2000,
                List.of(), notices::add)) {
            long sessionId;
            try (TestNode node = TestNode.start(dir.resolve("data"), flags(port))) {
                ZkClient zk = connector.client();
                zk.create("/eph", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, -1);
                sessionId = zk.connection().sessionId();
            }
            await().atMost(WAIT).until(() -> connector.connectionIfUp() == null);
            try (TestNode node = TestNode.start(dir.resolve("data"), flags(port)); ZooKeeper zk = node.client()) {
                assertThat(connector.client().connection().sessionId()).isEqualTo(sessionId);
                assertThat(notices).containsExactly("reconnected to 127.0.0.1:" + port + ", session 0x"
                        + Long.toHexString(sessionId));
                assertThat(zk.exists("/eph", false)).isNotNull();
            }
        }
    }

    @Test
    void anExpiredSessionIsReplacedWithANotice() throws Exception {
        int port = CliRun.closedPort();
        List<String> notices = new CopyOnWriteArrayList<>();
        try (Connector connector = new Connector(List.of(new ServerAddress("127.0.0.1", port)), 1000, 2000,
                List.of(), notices::add)) {
            long sessionId;
            try (TestNode node = TestNode.start(dir.resolve("data"), flags(port))) {
                ZkClient zk = connector.client();
                zk.create("/gone", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, -1);
                sessionId = zk.connection().sessionId();
            }
            try (TestNode node = TestNode.start(dir.resolve("data"), flags(port)); ZooKeeper zk = node.client()) {
                // The restarted node expires the session it recovered once its timeout passes unheard.
                await().atMost(WAIT).until(() -> zk.exists("/gone", false) == null);
                long newSession = connector.client().connection().sessionId();
                assertThat(newSession).isNotEqualTo(sessionId);
                assertThat(notices).containsExactly("session 0x" + Long.toHexString(sessionId)
                        + " had expired; new session 0x" + Long.toHexString(newSession)
                        + " (its watches and ephemerals are gone)");
            }
        }
    }
}
