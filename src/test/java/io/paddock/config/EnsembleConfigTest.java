package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading ensemble members from JSON, zoo.cfg and flags, and every rule about them. */
class EnsembleConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static NodeConfig loaded(LoadResult result) {
        assertThat(result.errors()).isEmpty();
        return ((LoadResult.Loaded) result).config();
    }

    private LoadResult loadJson(String json) throws IOException {
        return ConfigLoader.load(ConfigSource.ofFile(write("node.json", json)));
    }

    /** A JSON node config with {@code members} as the members array's elements. */
    private static String json(String top, String... members) {
        return "{" + top + (top.isEmpty() ? "" : ", ") + "\"members\": [" + String.join(", ", members) + "]}";
    }

    private static String member(int id, int clientPort, int peerPort) {
        return "{\"id\": " + id + ", \"host\": \"127.0.0.1\", \"clientPort\": " + clientPort + ", \"peerPort\": " + peerPort + "}";
    }

    private static final String M1 = member(1, 2181, 2888);
    private static final String M2 = member(2, 2182, 2889);
    private static final String M3 = member(3, 2183, 2890);

    // ---- JSON ---------------------------------------------------------------------------

    @Test
    void readsAThreeMemberJsonEnsemble() throws IOException {
        LoadResult result = loadJson(json("\"serverId\": 2, \"dataDir\": \"" + dir + "\"", M3, M1,
                "{\"id\": 2, \"host\": \"127.0.0.1\", \"clientPort\": 2182, \"peerPort\": 2889, \"role\": \"Participant\"}"));
        NodeConfig config = loaded(result);

        assertThat(result.warnings()).isEmpty();
        assertThat(config.standalone()).isFalse();
        assertThat(config.serverId()).isEqualTo(2);
        assertThat(config.members()).containsExactly(
                new Member(1, "127.0.0.1", 2181, 2888, MemberRole.PARTICIPANT),
                new Member(2, "127.0.0.1", 2182, 2889, MemberRole.PARTICIPANT),
                new Member(3, "127.0.0.1", 2183, 2890, MemberRole.PARTICIPANT));
        assertThat(config.self()).isEqualTo(config.member(2));
        // No top-level clientPort: the node listens where its member says clients find it.
        assertThat(config.clientPort()).isEqualTo(2182);
        assertThat(config.participants()).hasSize(3);
        assertThat(config.observers()).isEmpty();
    }

    @Test
    void readsAFiveMemberJsonEnsembleWithObservers() throws IOException {
        NodeConfig config = loaded(loadJson(json("\"serverId\": 5, \"clientPort\": 2185", M1, M2, M3,
                member(4, 2184, 2891).replace("}", ", \"role\": \"observer\"}"),
                member(5, 2185, 2892).replace("}", ", \"role\": \"observer\"}"))));

        assertThat(config.members()).hasSize(5);
        assertThat(config.participants()).extracting(Member::id).containsExactly(1, 2, 3);
        assertThat(config.observers()).extracting(Member::id).containsExactly(4, 5);
        assertThat(config.self().role()).isEqualTo(MemberRole.OBSERVER);
        assertThat(config.clientPort()).isEqualTo(2185);
    }

    @Test
    void anEmptyOrNullMemberListIsStandaloneAndNeedsNoMyId() throws IOException {
        assertThat(loaded(loadJson("{\"members\": []}")).standalone()).isTrue();
        assertThat(loaded(loadJson("{\"members\": null}"))).isEqualTo(NodeConfig.defaults());
    }

    @Test
    void aClientPortThatDiffersFromTheMembersIsAnError() throws IOException {
        LoadResult result = loadJson(json("\"serverId\": 1, \"clientPort\": 2199", M1, M2, M3));

        assertThat(result.errors()).containsExactly(
                "clientPort 2199 (JSON key 'clientPort') differs from this server's client port 2181 (members[0].clientPort)");
    }

    @Test
    void thisNodesMemberWithoutAClientPortTakesTheNodesOwnAndOthersStayUnknown() throws IOException {
        NodeConfig config = loaded(loadJson(json("\"serverId\": 1, \"clientPort\": 2199",
                "{\"id\": 1, \"host\": \"127.0.0.1\", \"peerPort\": 2888}",
                "{\"id\": 2, \"host\": \"127.0.0.1\", \"peerPort\": 2889}", M3)));

        assertThat(config.clientPort()).isEqualTo(2199);
        assertThat(config.self().clientPort()).isEqualTo(2199);
        assertThat(config.member(2).clientPort()).isZero();

        assertThat(loadJson(json("\"serverId\": 1, \"clientPort\": 2183",
                "{\"id\": 1, \"host\": \"127.0.0.1\", \"peerPort\": 2888}", M2, M3)).errors())
                .containsExactly("members[2].clientPort and this server's clientPort 2183 are both 127.0.0.1:2183");
    }

    @Test
    void badMemberFieldsNameTheMemberAndTheField() throws IOException {
        LoadResult result = loadJson(json("\"serverId\": 1", M1,
                "{\"id\": 255, \"host\": \" \", \"clientPort\": -1, \"peerPort\": \"x\", \"role\": \"leader\"}",
                "{\"id\": 3, \"host\": \"127.0.0.1\", \"clientPort\": 2183, \"peerPort\": 70000}",
                "{\"id\": 4}", "7", "{\"id\": 6, \"host\": [\"a\"], \"peerPort\": 1}"));

        assertThat(result.errors()).containsExactly(
                "members[4]: must be an object, found VALUE_NUMBER_INT",
                "members[5].host: must not be an array",
                "members[1].id: '255' is not in 1..254",
                "members[1].host: ' ' is not a host name or address",
                "members[1].clientPort: '-1' is not in 0..65535",
                "members[1].peerPort: 'x' is not an integer",
                "members[1].role: 'leader' is not participant or observer",
                "members[2].peerPort: '70000' is not in 1..65535",
                "members[3]: host is missing",
                "members[3]: peerPort is missing");
    }

    @Test
    void membersMustBeAnArrayAndUnknownMemberKeysAreWarnings() throws IOException {
        assertThat(loadJson("{\"members\": {\"id\": 1}}").errors())
                .containsExactly("JSON key 'members': must be an array of member objects");

        LoadResult result = loadJson(json("\"serverId\": 1", M1.replace("}", ", \"weight\": 2}"), M2, M3));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactly("unknown key 'members[0].weight' in JSON config");
    }

    @Test
    void aServerIdThatIsNoMemberIsAnError() throws IOException {
        assertThat(loadJson(json("\"serverId\": 4", M1, M2, M3)).errors())
                .containsExactly("serverId 4 (JSON key 'serverId') is not the id of any member [1, 2, 3]");
    }

    @Test
    void duplicateIdsAreAnError() throws IOException {
        assertThat(loadJson(json("\"serverId\": 1", M1, M2, member(1, 2183, 2890))).errors())
                .containsExactly("members[0] and members[2] both have id 1");
    }

    @Test
    void twoEndpointsOnOneHostAndPortAreAnError() throws IOException {
        LoadResult samePeer = loadJson(json("\"serverId\": 1", M1, member(2, 2182, 2888), M3));
        LoadResult sameClient = loadJson(json("\"serverId\": 1", M1, member(2, 2181, 2889), M3));
        LoadResult peerOnClient = loadJson(json("\"serverId\": 1", M1, member(2, 2182, 2181), M3));
        LoadResult ownPorts = loadJson(json("\"serverId\": 1", M1, member(2, 2182, 2182), M3));

        assertThat(samePeer.errors()).containsExactly("members[0].peerPort and members[1].peerPort are both 127.0.0.1:2888");
        assertThat(sameClient.errors()).containsExactly("members[0].clientPort and members[1].clientPort are both 127.0.0.1:2181");
        assertThat(peerOnClient.errors()).containsExactly("members[0].clientPort and members[1].peerPort are both 127.0.0.1:2181");
        assertThat(ownPorts.errors()).containsExactly("members[1].peerPort and members[1].clientPort are both 127.0.0.1:2182");
    }

    @Test
    void unknownClientPortsAndOtherHostsDoNotCollide() throws IOException {
        String noClient2 = "{\"id\": 2, \"host\": \"127.0.0.1\", \"peerPort\": 2889}";
        String noClient3 = "{\"id\": 3, \"host\": \"127.0.0.1\", \"peerPort\": 2890}";
        String otherHost = "{\"id\": 4, \"host\": \"127.0.0.2\", \"clientPort\": 2181, \"peerPort\": 2888}";

        NodeConfig config = loaded(loadJson(json("\"serverId\": 1", M1, noClient2, noClient3, otherHost,
                "{\"id\": 5, \"host\": \"[::1]\", \"clientPort\": 2181, \"peerPort\": 2888}")));

        assertThat(config.members()).extracting(Member::id).containsExactly(1, 2, 3, 4, 5);
        assertThat(config.member(5).host()).isEqualTo("::1");
    }

    @Test
    void atLeastOneParticipantAndAnEvenCountIsAWarning() throws IOException {
        String observer = "{\"id\": 1, \"host\": \"127.0.0.1\", \"peerPort\": 2888, \"role\": \"observer\"}";
        assertThat(loadJson(json("\"serverId\": 1", observer)).errors())
                .containsExactly("JSON key 'members': every member is an observer; at least one must be a participant");

        LoadResult even = loadJson(json("\"serverId\": 1", M1, M2, M3, member(4, 2184, 2891)));
        assertThat(even.errors()).isEmpty();
        assertThat(even.warnings()).containsExactly(
                "JSON key 'members': 4 participants survive no more failures than 3 would; an odd number is usual");
    }

    // ---- zoo.cfg --------------------------------------------------------------------------

    private Path zooCfg(String... lines) throws IOException {
        return write("zoo.cfg", "tickTime=1000\ndataDir=" + dir + "\n" + String.join("\n", lines) + "\n");
    }

    private void myid(String content) throws IOException {
        Files.writeString(dir.resolve("myid"), content, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsAZooCfgEnsembleWithItsIdFromMyId() throws IOException {
        myid(" 2\n");
        Path file = zooCfg("initLimit=7", "syncLimit=3",
                "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182",
                "server.3=[::1]:2890:3890:OBSERVER", "server.4=zk4.example:2888:3888;0.0.0.0:2181",
                "server.5=zk5.example:2888:3888:observer");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));
        NodeConfig config = loaded(result);

        assertThat(result.warnings()).isEmpty();
        assertThat(config.serverId()).isEqualTo(2);
        assertThat(config.initLimit()).isEqualTo(7);
        assertThat(config.syncLimit()).isEqualTo(3);
        assertThat(config.members()).containsExactly(
                new Member(1, "127.0.0.1", 2181, 2888, MemberRole.PARTICIPANT),
                new Member(2, "127.0.0.1", 2182, 2889, MemberRole.PARTICIPANT),
                new Member(3, "::1", 0, 2890, MemberRole.OBSERVER),
                new Member(4, "zk4.example", 2181, 2888, MemberRole.PARTICIPANT),
                new Member(5, "zk5.example", 0, 2888, MemberRole.OBSERVER));
        assertThat(config.clientPort()).isEqualTo(2182);
        assertThat(config.clientAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void theClientAddressOfThisServersLineIsItsBindAddressUnlessItConflicts() throws IOException {
        myid("4");
        Path file = zooCfg("server.1=h1:2888:3888", "server.2=h2:2888:3888", "server.4=h4:2888:3888;0.0.0.0:2184");
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(file))).clientAddress()).isEqualTo("0.0.0.0");

        LoadResult conflict = ConfigLoader.load(new ConfigSource(file, Map.of("client-address", "10.1.1.1")));
        assertThat(conflict.errors()).containsExactly("clientAddress 10.1.1.1 (flag --client-address) differs from this "
                + "server's client address 0.0.0.0 (zoo.cfg key 'server.4' (client address))");
    }

    @Test
    void malformedServerLinesAreErrorsNamingTheKey() throws IOException {
        myid("1");
        Path file = zooCfg("server.1=127.0.0.1:2888", "server.2=a:1:2|b:1:2", "server.3=[::1:2888:3888",
                "server.4=h:1:2;3;4", "server.x=h:2888:3888", "server.6=h:2888:99999", "server.7=h:2888:3888:boss");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        String form = "host:quorumPort:electionPort[:participant|:observer][;[clientAddress:]clientPort]";
        assertThat(result.errors()).containsExactly(
                "zoo.cfg key 'server.1': '127.0.0.1:2888' is not of the form " + form,
                "zoo.cfg key 'server.2': 'a:1:2|b:1:2' lists several addresses ('|'); Paddock takes one " + form,
                "zoo.cfg key 'server.3': '[::1:2888:3888' is not of the form " + form,
                "zoo.cfg key 'server.4': 'h:1:2;3;4' is not of the form " + form,
                "zoo.cfg key 'server.x' (id): 'x' is not an integer",
                "zoo.cfg key 'server.6' (election port): '99999' is not in 1..65535",
                "zoo.cfg key 'server.7' (type): 'boss' is not participant or observer");
    }

    @Test
    void duplicateIdsInZooCfgNameBothKeys() throws IOException {
        myid("1");
        Path file = zooCfg("server.1=h:2888:3888", "server.01=h:2889:3889", "server.3=h:2890:3890");

        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly("zoo.cfg key 'server.1' and zoo.cfg key 'server.01' both have id 1");
    }

    @Test
    void peerTypeMustAgreeWithThisServersLine() throws IOException {
        myid("3");
        String[] servers = {"server.1=h1:2888:3888", "server.2=h2:2888:3888", "server.3=h3:2888:3888:observer"};
        Path agrees = zooCfg(servers[0], servers[1], servers[2], "peerType=observer");
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(agrees))).self().role()).isEqualTo(MemberRole.OBSERVER);

        Path disagrees = zooCfg(servers[0], servers[1], servers[2], "peerType=participant");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(disagrees)).errors()).containsExactly(
                "zoo.cfg key 'peerType': 'participant' disagrees with zoo.cfg key 'server.3', which makes server 3 an observer");

        Path garbled = zooCfg(servers[0], servers[1], servers[2], "peerType=voter");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(garbled)).errors())
                .containsExactly("zoo.cfg key 'peerType': 'voter' is not participant or observer");
    }

    @Test
    void peerTypeWithoutServersIsIgnoredWithAWarning() throws IOException {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(zooCfg("peerType=observer")));

        assertThat(loaded(result).standalone()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "zoo.cfg key 'peerType' is ignored: without server.N lines the node runs standalone");
    }

    // ---- myid and --id ----------------------------------------------------------------------

    private Path threeServers() throws IOException {
        return zooCfg("server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.1:2889:3889;2182",
                "server.3=127.0.0.1:2890:3890;2183");
    }

    @Test
    void aMissingMyIdIsAnErrorNamingTheFile() throws IOException {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(threeServers()));

        assertThat(result.errors()).singleElement().asString()
                .startsWith("myid file '" + dir.resolve("myid") + "' does not exist")
                .contains("flag --id");
    }

    @Test
    void aGarbledOrOutOfRangeMyIdIsAnErrorNamingTheFile() throws IOException {
        Path file = threeServers();
        String origin = "myid file '" + dir.resolve("myid") + "'";

        myid("two\n");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly(origin + ": 'two' is not a decimal server id");
        myid("0x2");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly(origin + ": '0x2' is not a decimal server id");
        myid("");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly(origin + ": '' is not a decimal server id");
        myid("300");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly(origin + ": '300' is not in 0..254");
        myid("4\n");
        assertThat(ConfigLoader.load(ConfigSource.ofFile(file)).errors())
                .containsExactly("serverId 4 (" + origin + ") is not the id of any member [1, 2, 3]");
    }

    @Test
    void myIdIsReadFromTheDataDirGivenByFlag() throws IOException {
        Path node3 = Files.createDirectories(dir.resolve("node3"));
        Files.writeString(node3.resolve("myid"), "3\n");

        NodeConfig config = loaded(ConfigLoader.load(new ConfigSource(threeServers(), Map.of("data-dir", node3.toString()))));

        assertThat(config.serverId()).isEqualTo(3);
        assertThat(config.clientPort()).isEqualTo(2183);
        assertThat(config.dataDir()).isEqualTo(node3);
    }

    @Test
    void theIdFlagOverridesMyIdAndTheFile() throws IOException {
        myid("1");
        NodeConfig fromFlag = loaded(ConfigLoader.load(new ConfigSource(threeServers(), Map.of("--id", "2"))));
        assertThat(fromFlag.serverId()).isEqualTo(2);
        assertThat(fromFlag.clientPort()).isEqualTo(2182);

        Path json = write("node.json", json("\"serverId\": 1", M1, M2, M3));
        assertThat(loaded(ConfigLoader.load(new ConfigSource(json, Map.of("id", "3")))).serverId()).isEqualTo(3);
        assertThat(ConfigLoader.load(new ConfigSource(json, Map.of("id", "9"))).errors())
                .containsExactly("serverId 9 (flag --id) is not the id of any member [1, 2, 3]");
    }

    @Test
    void aServerIdThatDisagreesWithMyIdWinsWithAWarning() throws IOException {
        myid("1");
        LoadResult result = ConfigLoader.load(new ConfigSource(threeServers(), Map.of("id", "2")));

        assertThat(loaded(result).serverId()).isEqualTo(2);
        assertThat(result.warnings()).containsExactly("myid file '" + dir.resolve("myid") + "' says '1', but serverId is 2"
                + " (flag --id); using 2");
    }

    @Test
    void aStandaloneZooCfgNeedsNoMyId() throws IOException {
        NodeConfig config = loaded(ConfigLoader.load(ConfigSource.ofFile(zooCfg("clientPort=2190"))));

        assertThat(config.standalone()).isTrue();
        assertThat(config.serverId()).isEqualTo(NodeConfig.DEFAULT_SERVER_ID);
    }

    // ---- flags and the scalar settings ----------------------------------------------------------

    @Test
    void membersCanBeGivenAsAFlagThatReplacesTheFilesList() throws IOException {
        myid("1");
        NodeConfig config = loaded(ConfigLoader.load(new ConfigSource(threeServers(), Map.of(
                "members", "1=127.0.0.1:3181:3888, 2=[::1]:3182:3889:observer, 3=127.0.0.1:3183:3890:participant"))));

        assertThat(config.members()).containsExactly(
                new Member(1, "127.0.0.1", 3181, 3888, MemberRole.PARTICIPANT),
                new Member(2, "::1", 3182, 3889, MemberRole.OBSERVER),
                new Member(3, "127.0.0.1", 3183, 3890, MemberRole.PARTICIPANT));
        assertThat(config.clientPort()).isEqualTo(3181);

        assertThat(ConfigLoader.load(ConfigSource.ofFlags(Map.of("id", "1", "members", "1=h:2181:2888,2:h:1:2"))).errors())
                .containsExactly("flag --members[1]: '2:h:1:2' is not of the form id=host:clientPort:peerPort[:participant|:observer]");
        assertThat(ConfigLoader.load(ConfigSource.ofFlags(Map.of("id", "1", "members", "1=h:2181:0"))).errors())
                .containsExactly("flag --members[0].peerPort: '0' is not in 1..65535");
    }

    @Test
    void readsTheConsensusTimingsAndWindows() {
        NodeConfig config = loaded(ConfigLoader.load(ConfigSource.ofFlags(Map.of(
                "heartbeat-ms", "20", "election-timeout-ms", "40", "leaderless-hold-ms", "80", "init-limit", "3",
                "sync-limit", "2", "diff-window-txns", "0", "diff-window-bytes", "0x1000", "peer-bytes-in-flight-max", "2097152"))));

        assertThat(config.heartbeatMs()).isEqualTo(20);
        assertThat(config.electionTimeoutMs()).isEqualTo(40);
        assertThat(config.leaderlessHoldMs()).isEqualTo(80);
        assertThat(config.initLimit()).isEqualTo(3);
        assertThat(config.syncLimit()).isEqualTo(2);
        assertThat(config.diffWindowTxns()).isZero();
        assertThat(config.diffWindowBytes()).isEqualTo(4096);
        assertThat(config.peerBytesInFlightMax()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void theElectionTimeoutMustBeAtLeastTwoHeartbeats() throws IOException {
        assertThat(ConfigLoader.load(ConfigSource.ofFlags(Map.of("heartbeat-ms", "300"))).errors()).containsExactly(
                "electionTimeoutMs 400 (the default) must be at least twice heartbeatMs 300 (flag --heartbeat-ms)");
        assertThat(loadJson("{\"heartbeatMs\": 0, \"electionTimeoutMs\": 1}").errors())
                .containsExactly("JSON key 'heartbeatMs': '0' is not in 1..2147483647");
    }

    @Test
    void limitsThatOverflowInMillisecondsAreErrors() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFlags(Map.of("tick-ms", "100000", "init-limit", "100000",
                "max-session-timeout-ms", "1000000", "min-session-timeout-ms", "1000")));

        assertThat(result.errors()).containsExactly("flag --init-limit: '100000' is too large: initLimit x tickMs 100000"
                + " overflows an int of milliseconds");
    }

    @Test
    void oddButLegalTimingsAreWarnings() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFlags(Map.of(
                "leaderless-hold-ms", "500", "peer-bytes-in-flight-max", "1000")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                "leaderlessHoldMs 500 (flag --leaderless-hold-ms) is shorter than the longest election timeout, "
                        + "2 x electionTimeoutMs 400 (the default): clients may be disconnected during an ordinary election",
                "peerBytesInFlightMax 1000 (flag --peer-bytes-in-flight-max) is smaller than juteMaxBufferBytes 1048575"
                        + " (the default), the largest txn");
    }

    @Test
    void confPrintsTheRealServerIdInAnEnsemble() throws IOException {
        NodeConfig config = loaded(loadJson(json("\"serverId\": 3", M1, M2, M3)));

        assertThat(ConfText.render(config, 0, 0)).contains("\nserverId=3\n");
    }
}
