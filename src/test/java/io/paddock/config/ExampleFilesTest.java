package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
