package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four-letter words on the client port, in ZooKeeper's output shapes. */
class FourLetterWordsTest {
    @TempDir
    Path dir;

    static String send(int port, String word) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            in.transferTo(text);
            return text.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void wordsAnswerInZooKeeperShapes() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            ZooKeeper zk = node.client();
            zk.create("/four", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.exists("/four", event -> { });
            int port = node.port();
            assertThat(send(port, "ruok")).isEqualTo("imok");
            String srvr = send(port, "srvr");
            assertThat(srvr).startsWith("Zookeeper version: 3.9.5").contains("Mode: standalone\n")
                    .contains("Node count: 5\n").containsPattern("Latency min/avg/max: \\d+/[\\d.]+/\\d+\n")
                    .containsPattern("Zxid: 0x[0-9a-f]+\n");
            assertThat(send(port, "stat")).contains("Clients:\n").contains("Mode: standalone");
            String mntr = send(port, "mntr");
            assertThat(mntr).contains("zk_server_state\tstandalone\n").contains("zk_znode_count\t5\n")
                    .contains("zk_watch_count\t1\n");
            assertThat(send(port, "conf")).contains("clientPort=").contains("tickTime=100\n");
            assertThat(send(port, "cons")).contains("sid=0x" + Long.toHexString(zk.getSessionId()));
            assertThat(send(port, "envi")).startsWith("Environment:\n").contains("java.version=");
            assertThat(send(port, "wchs")).contains("connections watching 1 paths").contains("Total watches:1");
            assertThat(send(port, "isro")).isEqualTo("rw");
            assertThat(send(port, "dump")).contains("SessionTracker dump:").contains("ephemeral nodes dump:");
            zk.close();
        }
    }

    @Test
    void wordsOutsideTheWhitelistAreRefused() throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("four-letter-word-whitelist", "srvr,ruok"))) {
            assertThat(send(node.port(), "ruok")).isEqualTo("imok");
            assertThat(send(node.port(), "envi")).isEqualTo("envi is not executed because it is not in the whitelist.\n");
            assertThat(send(node.port(), "srvr")).contains("Mode: standalone");
        }
    }
}
