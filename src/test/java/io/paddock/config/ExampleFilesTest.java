package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example files must load cleanly, so the documentation cannot drift from the code. */
class ExampleFilesTest {

    @Test
    void jsonExampleLoadsWithoutWarningsAndOnlyWidensTheWhitelist() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(Path.of("config/paddock.example.json")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        NodeConfig config = ((LoadResult.Loaded) result).config();
        assertThat(config.fourLetterWordWhitelist()).containsExactly("mntr", "ruok", "srvr");
        NodeConfig defaults = NodeConfig.defaults();
        assertThat(config).usingRecursiveComparison().ignoringFields("fourLetterWordWhitelist").isEqualTo(defaults);
    }

    @Test
    void zooCfgExampleLoadsWithoutWarnings() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(Path.of("config/zoo.cfg.example")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        NodeConfig config = ((LoadResult.Loaded) result).config();
        assertThat(config.preallocateBytes()).isEqualTo(NodeConfig.DEFAULT_PREALLOCATE_BYTES);
        assertThat(config.fourLetterWordWhitelist()).containsExactly("mntr", "ruok", "srvr");
    }

    @Test
    void everyClusterExampleLoadsCleanlyAndItsNodesAgreeOnTheMembers() {
        for (int size : new int[] {3, 5}) {
            NodeConfig first = null;
            for (int id = 1; id <= size; id++) {
                Path file = Path.of("config/cluster-" + size + "/node" + id + ".json");
                LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

                assertThat(result.errors()).as("%s", file).isEmpty();
                assertThat(result.warnings()).as("%s", file).isEmpty();
                NodeConfig config = ((LoadResult.Loaded) result).config();
                assertThat(config.serverId()).isEqualTo(id);
                assertThat(config.clientPort()).isEqualTo(2180 + id);
                assertThat(config.httpPort()).as("nodes on one host need their own HTTP ports").isEqualTo(8080 + id);
                assertThat(config.dataDir()).isEqualTo(Path.of("run/node" + id));
                assertThat(config.participants()).hasSize(size);
                assertThat(config.self()).isEqualTo(new Member(id, "127.0.0.1", 2180 + id, 2887 + id, MemberRole.PARTICIPANT));
                if (first != null) assertThat(config.members()).isEqualTo(first.members());
                first = config;
            }
        }
    }

    @Test
    void zooEnsembleExampleLoadsCleanlyForEachServerAndMatchesTheJsonCluster(@TempDir Path dir) throws IOException {
        Path file = Path.of("config/zoo-ensemble.cfg.example");
        for (int id = 1; id <= 3; id++) {
            Path dataDir = Files.createDirectories(dir.resolve("node" + id));
            Files.writeString(dataDir.resolve("myid"), id + "\n");
            LoadResult byMyId = ConfigLoader.load(new ConfigSource(file, Map.of("data-dir", dataDir.toString())));
            LoadResult byFlag = ConfigLoader.load(new ConfigSource(file, Map.of("id", Integer.toString(id))));

            for (LoadResult result : List.of(byMyId, byFlag)) {
                assertThat(result.errors()).isEmpty();
                assertThat(result.warnings()).isEmpty();
            }
            NodeConfig config = ((LoadResult.Loaded) byMyId).config();
            NodeConfig json = ((LoadResult.Loaded) ConfigLoader.load(
                    ConfigSource.ofFile(Path.of("config/cluster-3/node" + id + ".json")))).config();
            assertThat(config.serverId()).isEqualTo(id);
            assertThat(((LoadResult.Loaded) byFlag).config().serverId()).isEqualTo(id);
            assertThat(config.members()).isEqualTo(json.members());
            assertThat(config.clientPort()).isEqualTo(json.clientPort());
        }
    }
}
