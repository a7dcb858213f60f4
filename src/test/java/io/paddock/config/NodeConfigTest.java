package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
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
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.members()).isEmpty();
        assertThat(config.heartbeatMs()).isEqualTo(50);
        assertThat(config.electionTimeoutMs()).isEqualTo(400);
        assertThat(config.leaderlessHoldMs()).isEqualTo(2000);
        assertThat(config.initLimit()).isEqualTo(10);
        assertThat(config.syncLimit()).isEqualTo(5);
        assertThat(config.diffWindowTxns()).isEqualTo(2_000);
        assertThat(config.diffWindowBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.peerBytesInFlightMax()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void theDefaultNodeIsStandalone() {
        NodeConfig config = NodeConfig.defaults();

        assertThat(config.standalone()).isTrue();
        assertThat(config.self()).isNull();
        assertThat(config.member(1)).isNull();
        assertThat(config.participants()).isEmpty();
        assertThat(config.observers()).isEmpty();
    }

    @Test
    void membersAreSortedByIdAndSplitByRole() {
        Member one = new Member(1, "10.0.0.1", 2181, 2888, MemberRole.PARTICIPANT);
        Member two = new Member(2, "10.0.0.2", 0, 2888, MemberRole.OBSERVER);
        Member three = new Member(3, "10.0.0.3", 2181, 2888, MemberRole.PARTICIPANT);

        NodeConfig config = withMembers(2, new ArrayList<>(List.of(three, one, two)));

        assertThat(config.standalone()).isFalse();
        assertThat(config.members()).containsExactly(one, two, three).isUnmodifiable();
        assertThat(config.self()).isEqualTo(two);
        assertThat(config.member(3)).isEqualTo(three);
        assertThat(config.member(4)).isNull();
        assertThat(config.participants()).containsExactly(one, three);
        assertThat(config.observers()).containsExactly(two);
    }

    @Test
    void newFlagsAreKebabCaseAndIdIsAnAliasOfServerId() {
        assertThat(Setting.HEARTBEAT_MS.flag()).isEqualTo("heartbeat-ms");
        assertThat(Setting.ELECTION_TIMEOUT_MS.flag()).isEqualTo("election-timeout-ms");
        assertThat(Setting.LEADERLESS_HOLD_MS.flag()).isEqualTo("leaderless-hold-ms");
        assertThat(Setting.INIT_LIMIT.flag()).isEqualTo("init-limit");
        assertThat(Setting.SYNC_LIMIT.flag()).isEqualTo("sync-limit");
        assertThat(Setting.DIFF_WINDOW_TXNS.flag()).isEqualTo("diff-window-txns");
        assertThat(Setting.DIFF_WINDOW_BYTES.flag()).isEqualTo("diff-window-bytes");
        assertThat(Setting.PEER_BYTES_IN_FLIGHT_MAX.flag()).isEqualTo("peer-bytes-in-flight-max");
        assertThat(Setting.byFlag("server-id")).contains(Setting.SERVER_ID);
        assertThat(Setting.byFlag("id")).contains(Setting.SERVER_ID);
    }

    private static NodeConfig withMembers(int serverId, List<Member> members) {
        NodeConfig d = NodeConfig.defaults();
        return new NodeConfig(d.clientAddress(), d.clientPort(), d.dataDir(), d.dataLogDir(), d.tickMs(),
                d.minSessionTimeoutMs(), d.maxSessionTimeoutMs(), d.maxClientCnxns(), d.juteMaxBufferBytes(),
                d.extendedTypesEnabled(), d.superDigest(), d.fourLetterWordWhitelist(), d.autopurgeSnapRetainCount(),
                d.autopurgePurgeIntervalHours(), d.snapshotTxnCountMax(), d.snapshotLogBytesMax(), d.logSegmentBytesMax(),
                d.preallocateBytes(), d.outstandingRequestsMax(), d.globalOutstandingLimit(), d.containerCheckIntervalMs(),
                d.containerMaxPerMinute(), d.ttlCheckIntervalMs(), d.forceSync(), serverId, d.electionSeed(), d.httpPort(),
                members, d.heartbeatMs(), d.electionTimeoutMs(), d.leaderlessHoldMs(), d.initLimit(), d.syncLimit(),
                d.diffWindowTxns(), d.diffWindowBytes(), d.peerBytesInFlightMax(), d.watchHistoryTxns(),
                d.webSocketMessageBytesMax());
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
                3, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, true, 1, 0, -1, List.of(), 50, 400, 2000, 10, 5, 1, 1, 1, 0, 1024);

        assertThat(config.fourLetterWordWhitelist()).containsExactly("conf", "ruok", "stat");
        assertThat(config.fourLetterWordWhitelist()).isUnmodifiable();
    }
}
