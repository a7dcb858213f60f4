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
    void relativeDirectoriesArePrintedAbsolute() {
        String text = ConfText.render(NodeConfig.defaults(), 0, 0);

        assertThat(text).contains("\ndataDir=" + Path.of("data").toAbsolutePath() + "\n");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).matches("[A-Za-z]+=.*"));
    }
}
