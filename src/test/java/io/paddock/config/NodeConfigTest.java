package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        NodeConfig config = NodeConfig.defaults();

        assertThat(config.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(config.clientPort()).isEqualTo(2181);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.dataLogDir()).isEqualTo(config.dataDir());
        assertThat(config.tickMs()).isEqualTo(2000);
        assertThat(config.minSessionTimeoutMs()).isEqualTo(4000);
        assertThat(config.maxSessionTimeoutMs()).isEqualTo(40000);
        assertThat(config.maxClientCnxns()).isEqualTo(60);
        assertThat(config.juteMaxBufferBytes()).isEqualTo(1_048_575);
        assertThat(config.extendedTypesEnabled()).isFalse();
        assertThat(config.superDigest()).isNull();
        assertThat(config.fourLetterWordWhitelist()).containsExactly("srvr");
        assertThat(config.autopurgeSnapRetainCount()).isEqualTo(3);
        assertThat(config.autopurgePurgeIntervalHours()).isZero();
        assertThat(config.snapshotTxnCountMax()).isEqualTo(100_000);
        assertThat(config.snapshotLogBytesMax()).isEqualTo(4L * 1024 * 1024 * 1024);
        assertThat(config.logSegmentBytesMax()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.preallocateBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.outstandingRequestsMax()).isEqualTo(1000);
        assertThat(config.globalOutstandingLimit()).isEqualTo(1000);
        assertThat(config.containerCheckIntervalMs()).isEqualTo(60_000);
        assertThat(config.containerMaxPerMinute()).isEqualTo(10_000);
        assertThat(config.ttlCheckIntervalMs()).isEqualTo(60_000);
        assertThat(config.forceSync()).isTrue();
        assertThat(config.serverId()).isEqualTo(1);
        assertThat(config.electionSeed()).isZero();
        assertThat(config.adminPort()).isEqualTo(-1);
    }

    @Test
    void loadingNothingGivesTheDefaults() {
        LoadResult result = ConfigLoader.load(ConfigSource.none());

        assertThat(result).isInstanceOf(LoadResult.Loaded.class);
        assertThat(((LoadResult.Loaded) result).config()).isEqualTo(NodeConfig.defaults());
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void everySettingKeyIsARecordComponentAndEveryComponentIsASetting() {
        List<String> components = Arrays.stream(NodeConfig.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        List<String> keys = Arrays.stream(Setting.values()).map(Setting::key).toList();

        assertThat(keys).containsExactlyElementsOf(components);
    }

    @Test
    void flagNamesAreKebabCaseOfTheKey() {
        assertThat(Setting.TICK_MS.flag()).isEqualTo("tick-ms");
        assertThat(Setting.CLIENT_ADDRESS.flag()).isEqualTo("client-address");
        assertThat(Setting.FOUR_LETTER_WORD_WHITELIST.flag()).isEqualTo("four-letter-word-whitelist");
    }

    @Test
    void whitelistIsCopiedSortedAndUnmodifiable() {
        NodeConfig defaults = NodeConfig.defaults();
        NodeConfig config = new NodeConfig(defaults.clientAddress(), defaults.clientPort(), defaults.dataDir(),
                defaults.dataLogDir(), defaults.tickMs(), defaults.minSessionTimeoutMs(), defaults.maxSessionTimeoutMs(),
                defaults.maxClientCnxns(), defaults.juteMaxBufferBytes(), false, null, Set.of("stat", "ruok", "conf"),
                3, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, true, 1, 0, -1);

        assertThat(config.fourLetterWordWhitelist()).containsExactly("conf", "ruok", "stat");
        assertThat(config.fourLetterWordWhitelist()).isUnmodifiable();
    }
}
