package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.zookeeper.server.quorum.QuorumPeer.LearnerType;
import org.apache.zookeeper.server.quorum.QuorumPeer.QuorumServer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same zoo.cfg read by ZooKeeper 3.9.5's own {@link QuorumPeerConfig} and by Paddock must
 * describe the same ensemble: ids, hosts, quorum and client ports, roles, initLimit, syncLimit,
 * and this server's id, role and client port (from its myid file).
 */
class ZooKeeperQuorumConfigTest {
    @TempDir
    Path dir;

    /**
     * ZooKeeper copies zoo.cfg keys it does not know into {@code zookeeper.*} system properties;
     * the files here use none, but the properties are put back anyway so that no other test in
     * this JVM can see a change.
     */
    private final Properties systemProperties = (Properties) System.getProperties().clone();

    @AfterEach
    void restoreSystemProperties() {
        System.setProperties(systemProperties);
    }

    /** One member as both readers see it; the election port is left out, since Paddock drops it. */
    private record Seen(String host, int peerPort, int clientPort, String role) { }

    /** This server and its ensemble as both readers see them. */
    private record Ensemble(long serverId, int clientPort, String role, int tickMs, int initLimit, int syncLimit,
                            Map<Long, Seen> members) { }

    private Path zooCfg(String... lines) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        return Files.writeString(dir.resolve("zoo.cfg"),
                "dataDir=" + dir.resolve("data") + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private void myid(long id) throws IOException {
        Files.writeString(dir.resolve("data").resolve("myid"), id + "\n");
    }

    private static Ensemble zooKeeper(Path file) throws Exception {
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parse(file.toString());
        Map<Long, Seen> members = new TreeMap<>();
        for (QuorumServer server : config.getServers().values()) {
            members.put(server.id, new Seen(server.hostname, server.addr.getOne().getPort(),
                    server.clientAddr == null ? 0 : server.clientAddr.getPort(), role(server.type)));
        }
        return new Ensemble(config.getServerId(), config.getClientPortAddress().getPort(), role(config.getPeerType()),
                config.getTickTime(), config.getInitLimit(), config.getSyncLimit(), members);
    }

    private static String role(LearnerType type) {
        return type == LearnerType.OBSERVER ? "observer" : "participant";
    }

    private static Ensemble paddock(Path file) {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));
        assertThat(result.errors()).isEmpty();
        NodeConfig config = ((LoadResult.Loaded) result).config();
        Map<Long, Seen> members = new TreeMap<>();
        for (Member member : config.members()) {
            members.put((long) member.id(), new Seen(member.host(), member.peerPort(), member.clientPort(), member.role().word()));
        }
        return new Ensemble(config.serverId(), config.clientPort(), config.self().role().word(), config.tickMs(),
                config.initLimit(), config.syncLimit(), members);
    }

    @Test
    void fiveServersWithClientPortsAndObserversReadAlikeFromEveryServer() throws Exception {
        Path file = zooCfg("tickTime=1500", "initLimit=12", "syncLimit=4",
                "server.1=127.0.0.1:2888:3888;2181",
                "server.2=localhost:2889:3889:participant;127.0.0.1:2182",
                "server.3=127.0.0.1:2890:3890;0.0.0.0:2183",
                "server.4=[::1]:2891:3891:observer;2184",
                "server.5=127.0.0.1:2892:3892:observer;2185");

        for (long id = 1; id <= 5; id++) {
            myid(id);
            Ensemble zooKeeper = zooKeeper(file);
            Ensemble paddock = paddock(file);

            assertThat(zooKeeper.members()).hasSize(5);
            assertThat(zooKeeper.serverId()).isEqualTo(id);
            assertThat(paddock).as("server %d", id).isEqualTo(zooKeeper);
        }
    }

    @Test
    void aTopLevelClientPortWithBareServerLinesReadsAlike() throws Exception {
        Path file = zooCfg("tickTime=2000", "initLimit=5", "syncLimit=2", "clientPort=2191",
                "server.7=127.0.0.1:2888:3888", "server.8=127.0.0.1:2889:3889", "server.9=127.0.0.1:2890:3890");
        myid(8);

        Ensemble zooKeeper = zooKeeper(file);
        Ensemble paddock = paddock(file);

        assertThat(zooKeeper.clientPort()).isEqualTo(2191);
        assertThat(paddock).isEqualTo(zooKeeper);
    }

    @Test
    void anObserverThatSaysSoWithPeerTypeReadsAlike() throws Exception {
        Path file = zooCfg("tickTime=2000", "initLimit=10", "syncLimit=5", "peerType=observer",
                "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889;2182",
                "server.3=127.0.0.1:2890:3890;2183", "server.4=127.0.0.1:2891:3891:observer;2184");
        myid(4);

        Ensemble zooKeeper = zooKeeper(file);
        Ensemble paddock = paddock(file);

        assertThat(zooKeeper.role()).isEqualTo("observer");
        assertThat(paddock).isEqualTo(zooKeeper);
    }

    @Test
    void theShippedEnsembleExampleReadsAlike() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String example = Files.readString(Path.of("config/zoo-ensemble.cfg.example"));
        assertThat(example).contains("\ndataDir=./data\n");
        Path file = Files.writeString(dir.resolve("zoo.cfg"), example.replace("\ndataDir=./data\n", "\ndataDir=" + data + "\n"));

        for (long id = 1; id <= 3; id++) {
            myid(id);
            assertThat(paddock(file)).isEqualTo(zooKeeper(file));
        }
    }
}
