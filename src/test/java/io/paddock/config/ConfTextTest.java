package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfTextTest {

    @Test
    void rendersZooKeeperConfLinesInZooKeeperOrder() {
        NodeConfig config = ((LoadResult.Loaded) ConfigLoader.load(ConfigSource.ofFlags(Map.of(
                "client-port", "2182", "data-dir", "/var/paddock", "tick-ms", "500")))).config();

        String text = ConfText.render(config, 1234, 5678);

        assertThat(text).isEqualTo(String.join("\n",
                "clientPort=2182",
                "secureClientPort=-1",
                "dataDir=" + Path.of("/var/paddock").toAbsolutePath(),
                "dataDirSize=1234",
                "dataLogDir=" + Path.of("/var/paddock").toAbsolutePath(),
                "dataLogSize=5678",
                "tickTime=500",
                "maxClientCnxns=60",
                "minSessionTimeout=1000",
                "maxSessionTimeout=10000",
                "clientPortListenBacklog=-1",
                "serverId=0") + "\n");
    }

    @Test
    void anEnsembleMemberAddsItsQuorumLinesAndTheMembership() {
        NodeConfig config = ((LoadResult.Loaded) ConfigLoader.load(ConfigSource.ofFlags(Map.of(
                "data-dir", "/var/paddock", "id", "2",
                "members", "1=127.0.0.1:2181:2888,2=127.0.0.1:2182:2889,3=127.0.0.1:2183:2890:observer")))).config();

        String text = ConfText.render(config, 0, 0);

        assertThat(text).contains("clientPort=2182\n").contains("serverId=2\n");
        assertThat(text).endsWith(String.join("\n",
                "serverId=2",
                "initLimit=10",
                "syncLimit=5",
                "quorumPort=2889",
                "peerType=0",
                "membership: ",
                "server.1=127.0.0.1:2888:participant;2181",
                "server.2=127.0.0.1:2889:participant;2182",
                "server.3=127.0.0.1:2890:observer;2183") + "\n");
    }

    @Test
    void relativeDirectoriesArePrintedAbsolute() {
        String text = ConfText.render(NodeConfig.defaults(), 0, 0);

        assertThat(text).contains("\ndataDir=" + Path.of("data").toAbsolutePath() + "\n");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).matches("[A-Za-z]+=.*"));
    }
}
