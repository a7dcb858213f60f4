package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four-letter words of a real ZooKeeper 3.9.5 server (started here) and of Paddock, side
 * by side: the same lines in the same order for srvr/stat, and for mntr and conf every key a
 * monitoring script would look for, so that scripts written for ZooKeeper parse Paddock.
 */
class FourLetterWordShapesTest {
    @TempDir
    static Path dir;
    static ZooKeeperServer zkServer;
    static ServerCnxnFactory factory;
    static TestNode paddock;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        System.setProperty("zookeeper.admin.enableServer", "false");
        File zkDir = dir.resolve("zk").toFile();
        zkServer = new ZooKeeperServer(zkDir, zkDir, 2000);
        factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
        factory.startup(zkServer);
        paddock = TestNode.start(dir.resolve("paddock"));
    }

    @AfterAll
    static void stop() throws Exception {
        paddock.close();
        factory.shutdown();
        zkServer.shutdown();
    }

    /** The label of each line: text before the first ':', '=' or tab (the key a script reads). */
    static List<String> labels(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int cut = line.length();
            for (char c : new char[] {':', '=', '\t'}) {
                int at = line.indexOf(c);
                if (at >= 0) {
                    cut = Math.min(cut, at);
                }
            }
            out.add(line.substring(0, cut).trim());
        }
        return out;
    }

    private static String zk(String word) throws Exception {
        return FourLetterWordsTest.send(factory.getLocalPort(), word);
    }

    private static String ours(String word) throws Exception {
        return FourLetterWordsTest.send(paddock.port(), word);
    }

    @Test
    void srvrHasZooKeepersLinesInOrder() throws Exception {
        assertThat(labels(ours("srvr"))).isEqualTo(labels(zk("srvr")));
        assertThat(ours("srvr")).contains("Mode: standalone");
        assertThat(zk("srvr")).contains("Mode: standalone");
    }

    @Test
    void simpleWordsAnswerTheSame() throws Exception {
        assertThat(ours("ruok")).isEqualTo(zk("ruok"));
        assertThat(ours("isro")).isEqualTo(zk("isro"));
        assertThat(labels(ours("wchs"))).isEqualTo(labels(zk("wchs")));
    }

    @Test
    void confAndMntrCarryEveryKeyScriptsRead() throws Exception {
        assertThat(new LinkedHashSet<>(labels(ours("conf")))).containsAll(
                List.of("clientPort", "dataDir", "dataLogDir", "tickTime", "maxClientCnxns", "minSessionTimeout",
                        "maxSessionTimeout", "serverId"));
        Set<String> zkKeys = new LinkedHashSet<>(labels(zk("mntr")));
        Set<String> ourKeys = new LinkedHashSet<>(labels(ours("mntr")));
        List<String> core = List.of("zk_version", "zk_server_state", "zk_avg_latency", "zk_max_latency",
                "zk_min_latency", "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
                "zk_outstanding_requests", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
                "zk_approximate_data_size", "zk_open_file_descriptor_count", "zk_max_file_descriptor_count",
                "zk_uptime", "zk_global_sessions", "zk_local_sessions");
        assertThat(zkKeys).containsAll(core);
        assertThat(ourKeys).containsAll(core);
        assertThat(labels(ours("envi")).get(0)).isEqualTo(labels(zk("envi")).get(0));
    }
}
