package io.paddock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** base64(sha1("super:secret")): a well-formed digest decodes to 20 bytes. */
    private static final String DIGEST = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static NodeConfig loaded(LoadResult result) {
        assertThat(result.errors()).isEmpty();
        return ((LoadResult.Loaded) result).config();
    }

    @Test
    void readsAFullZooCfg() throws IOException {
        Path file = write("zoo.cfg", String.join("\n",
                "# a comment", "! another comment", "",
                "tickTime=1000", "dataDir=/var/zk/data/../data", "dataLogDir = /var/zk/log ",
                "clientPort=2182", "clientPortAddress=0.0.0.0", "maxClientCnxns=0",
                "minSessionTimeout=3000", "maxSessionTimeout=90000",
                "autopurge.snapRetainCount=5", "autopurge.purgeInterval=24",
                "4lw.commands.whitelist=ruok, stat ,mntr", "jute.maxbuffer=0x3fffff",
                "zookeeper.extendedTypesEnabled=true", "zookeeper.DigestAuthenticationProvider.superDigest=" + DIGEST,
                "snapCount=50000", "preAllocSize=16384", "forceSync=no", "globalOutstandingLimit=500",
                "znode.container.checkIntervalMs=30000", "znode.container.maxPerMinute=100"));

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));
        NodeConfig config = loaded(result);

        assertThat(result.warnings()).isEmpty();
        assertThat(config.tickMs()).isEqualTo(1000);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/zk/data"));
        assertThat(config.dataLogDir()).isEqualTo(Path.of("/var/zk/log"));
        assertThat(config.clientPort()).isEqualTo(2182);
        assertThat(config.clientAddress()).isEqualTo("0.0.0.0");
        assertThat(config.maxClientCnxns()).isZero();
        assertThat(config.minSessionTimeoutMs()).isEqualTo(3000);
        assertThat(config.maxSessionTimeoutMs()).isEqualTo(90000);
        assertThat(config.autopurgeSnapRetainCount()).isEqualTo(5);
        assertThat(config.autopurgePurgeIntervalHours()).isEqualTo(24);
        assertThat(config.fourLetterWordWhitelist()).containsExactly("mntr", "ruok", "stat");
        assertThat(config.juteMaxBufferBytes()).isEqualTo(0x3fffff);
        assertThat(config.extendedTypesEnabled()).isTrue();
        assertThat(config.superDigest()).isEqualTo(DIGEST);
        assertThat(config.snapshotTxnCountMax()).isEqualTo(50000);
        assertThat(config.forceSync()).isFalse();
        assertThat(config.globalOutstandingLimit()).isEqualTo(500);
        assertThat(config.containerCheckIntervalMs()).isEqualTo(30000);
        assertThat(config.containerMaxPerMinute()).isEqualTo(100);
    }

    @Test
    void preAllocSizeIsReadInKibibytes() throws IOException {
        Path file = write("zoo.cfg", "preAllocSize=65536\nsnapSizeLimitInKb=2\n");

        NodeConfig config = loaded(ConfigLoader.load(ConfigSource.ofFile(file)));

        assertThat(config.preallocateBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.snapshotLogBytesMax()).isEqualTo(2048);
    }

    @Test
    void readsJson() throws IOException {
        Path file = write("paddock.json", """
                {"clientPort": 2183, "dataDir": "/var/paddock", "tickMs": 1000,
                 "fourLetterWordWhitelist": ["ruok", "srvr"], "forceSync": false,
                 "preallocateBytes": 4096, "electionSeed": "0x5EED", "superDigest": null}
                """);

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));
        NodeConfig config = loaded(result);

        assertThat(result.warnings()).isEmpty();
        assertThat(config.clientPort()).isEqualTo(2183);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/paddock"));
        assertThat(config.dataLogDir()).isEqualTo(Path.of("/var/paddock"));
        assertThat(config.tickMs()).isEqualTo(1000);
        assertThat(config.minSessionTimeoutMs()).isEqualTo(2000);
        assertThat(config.maxSessionTimeoutMs()).isEqualTo(20000);
        assertThat(config.fourLetterWordWhitelist()).containsExactly("ruok", "srvr");
        assertThat(config.forceSync()).isFalse();
        assertThat(config.preallocateBytes()).isEqualTo(4096);
        assertThat(config.electionSeed()).isEqualTo(0x5EEDL);
        assertThat(config.superDigest()).isNull();
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = write("zoo.cfg", "clientPort=2182\ndataDir=/from/file\nclientPortAddress=10.0.0.1\n");

        NodeConfig config = loaded(ConfigLoader.load(new ConfigSource(file,
                Map.of("client-port", "3000", "--data-dir", "relative/./dir"))));

        assertThat(config.clientPort()).isEqualTo(3000);
        assertThat(config.dataDir()).isEqualTo(Path.of("relative/dir"));
        assertThat(config.dataDir().isAbsolute()).isFalse();
        assertThat(config.clientAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void aTickFlagMovesDerivedSessionBoundsButNotExplicitOnes() throws IOException {
        NodeConfig derived = loaded(ConfigLoader.load(ConfigSource.ofFlags(Map.of("tick-ms", "500"))));
        assertThat(derived.minSessionTimeoutMs()).isEqualTo(1000);
        assertThat(derived.maxSessionTimeoutMs()).isEqualTo(10000);

        Path file = write("zoo.cfg", "tickTime=3000\nminSessionTimeout=700\nmaxSessionTimeout=-1\n");
        NodeConfig mixed = loaded(ConfigLoader.load(new ConfigSource(file, Map.of("tick-ms", "500"))));
        assertThat(mixed.minSessionTimeoutMs()).isEqualTo(700);
        assertThat(mixed.maxSessionTimeoutMs()).isEqualTo(10000);
    }

    @Test
    void reportsEveryErrorAtOnceOneLineEach() throws IOException {
        Path file = write("zoo.cfg", "clientPort=70000\ntickTime=abc\nforceSync=maybe\n");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(result).isInstanceOf(LoadResult.Failed.class);
        assertThat(result.errors()).containsExactly(
                "zoo.cfg key 'clientPort': '70000' is not in 0..65535",
                "zoo.cfg key 'tickTime': 'abc' is not an integer",
                "zoo.cfg key 'forceSync': 'maybe' is not a boolean (true, false, yes or no)");
    }

    @Test
    void reportsFileAndFlagProblemsTogether() {
        LoadResult result = ConfigLoader.load(new ConfigSource(dir.resolve("missing.cfg"),
                Map.of("client-port", "-1", "no-such-flag", "1")));

        assertThat(result.errors()).hasSize(3);
        assertThat(result.errors().get(0)).contains("missing.cfg").contains("does not exist");
        assertThat(result.errors()).contains("unknown flag --no-such-flag", "flag --client-port: '-1' is not in 0..65535");
    }

    @Test
    void validatesRelationsAndSpecialValues() throws IOException {
        Path file = write("zoo.cfg", String.join("\n",
                "minSessionTimeout=9000", "maxSessionTimeout=8000", "jute.maxbuffer=0",
                "4lw.commands.whitelist=ruok,nope", "superDigest=super:notbase64", "tickTime=0"));

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(result.errors()).containsExactly(
                "zoo.cfg key 'tickTime': '0' is not in 1..2147483647",
                "minSessionTimeoutMs 9000 (zoo.cfg key 'minSessionTimeout') is greater than "
                        + "maxSessionTimeoutMs 8000 (zoo.cfg key 'maxSessionTimeout')",
                "zoo.cfg key 'jute.maxbuffer': '0' is not in 1..2147483647",
                "zoo.cfg key 'superDigest': is not of the form user:BASE64(SHA1 digest)",
                "zoo.cfg key '4lw.commands.whitelist': 'nope' is not a four-letter word Paddock knows "
                        + NodeConfig.KNOWN_FOUR_LETTER_WORDS);
    }

    @Test
    void derivedMinAboveExplicitMaxIsAnError() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFlags(Map.of("tick-ms", "1000", "max-session-timeout-ms", "1500")));

        assertThat(result.errors()).containsExactly(
                "minSessionTimeoutMs 2000 (derived from tickMs) is greater than maxSessionTimeoutMs 1500 (flag --max-session-timeout-ms)");
    }

    @Test
    void unknownAndIgnoredKeysAreWarningsNamingThem() throws IOException {
        String[] ignored = {"electionAlg", "quorumListenOnAllIPs", "cnxTimeout", "standaloneEnabled", "reconfigEnabled",
            "dynamicConfigFile", "admin.commandURL", "metricsProvider.className", "secureClientPort", "4lw.commands.enabled"};
        StringBuilder text = new StringBuilder("colour=blue\nclientPort=2181\n");
        for (String key : ignored) text.append(key).append("=x\n");
        Path file = write("zoo.cfg", text.toString());

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).hasSize(ignored.length + 1);
        for (String key : ignored) {
            assertThat(result.warnings()).filteredOn(w -> w.contains("'" + key + "'")).singleElement()
                    .asString().isEqualTo("zoo.cfg key '" + key + "' is ignored: Paddock does not use it");
        }
        assertThat(result.warnings()).contains("unknown key 'colour' in zoo.cfg");
    }

    @Test
    void unknownJsonKeysAreWarnings() throws IOException {
        Path file = write("p.json", "{\"clientPort\": 2181, \"colour\": {\"deep\": [1]}}");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactly("unknown key 'colour' in JSON config");
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        Path file = write("bad.json", "{\n  \"clientPort\": 2181,\n  \"tickMs\": ,\n}\n");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(result.errors()).singleElement().asString()
                .contains("bad.json").contains("malformed JSON").contains("line 3, column 13");
    }

    @Test
    void jsonTypeMistakesAreErrors() throws IOException {
        Path file = write("p.json", "{\"clientPort\": [1], \"dataDir\": {}, \"fourLetterWordWhitelist\": [\"ruok\", 3],"
                + " \"tickMs\": 1.5, \"clientPort\": 1}");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        // The duplicate key is a syntax error that stops reading, after the three type errors.
        assertThat(result.errors()).hasSize(5);
        assertThat(result.errors().get(0)).isEqualTo("JSON key 'clientPort': must not be an array");
        assertThat(result.errors().get(1)).isEqualTo("JSON key 'dataDir': must not be an object");
        assertThat(result.errors().get(2)).startsWith("JSON key 'fourLetterWordWhitelist': array elements must be strings");
        assertThat(result.errors().get(3)).contains("Duplicate field 'clientPort'");
        assertThat(result.errors().get(4)).isEqualTo("JSON key 'tickMs': '1.5' is not an integer");
    }

    @Test
    void starInTheWhitelistMeansEveryKnownWord() {
        NodeConfig config = loaded(ConfigLoader.load(ConfigSource.ofFlags(Map.of("four-letter-word-whitelist", "srvr, *"))));

        assertThat(config.fourLetterWordWhitelist()).isEqualTo(NodeConfig.KNOWN_FOUR_LETTER_WORDS);
        assertThat(config.fourLetterWordWhitelist()).hasSize(18).contains("ruok", "mntr", "crst", "srst", "hash", "gtmk", "stmk");
    }

    @Test
    void snapRetainCountBelowThreeIsRaisedWithAWarning() throws IOException {
        Path file = write("zoo.cfg", "autopurge.snapRetainCount=1\n");

        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(file));

        assertThat(loaded(result).autopurgeSnapRetainCount()).isEqualTo(3);
        assertThat(result.warnings()).singleElement().asString().contains("autopurge.snapRetainCount").contains("3");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        LoadResult result = ConfigLoader.load(ConfigSource.ofFile(dir));

        assertThat(result.errors()).singleElement().asString().contains("is a directory");
    }

    @Test
    void formatIsDetectedByContentNotName() throws IOException {
        Path json = write("looks.cfg", "\uFEFF  \n {\"clientPort\": 2190}");
        Path cfg = write("looks.json", "clientPort=2191\n");

        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(json))).clientPort()).isEqualTo(2190);
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(cfg))).clientPort()).isEqualTo(2191);
    }

    @Test
    void httpPortIsAFlagAndZeroTurnsItOff() {
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFlags(Map.of("http-port", "0")))).httpPort()).isZero();
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFlags(Map.of("http-port", "9090")))).httpPort()).isEqualTo(9090);
        assertThat(ConfigLoader.load(ConfigSource.ofFlags(Map.of("http-port", "-1"))).errors()).singleElement()
                .asString().startsWith("flag --http-port: '-1'");
    }

    @Test
    void deprecatedAdminPortIsReadAsHttpPortWithAWarning() throws IOException {
        LoadResult off = ConfigLoader.load(ConfigSource.ofFile(write("old.json", "{\"adminPort\": -1}")));
        assertThat(loaded(off).httpPort()).isZero();
        assertThat(off.warnings()).containsExactly("JSON key 'adminPort' is deprecated: use 'httpPort' (0 turns the HTTP port off)");

        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(write("port.json", "{\"adminPort\": 9091}")))).httpPort())
                .isEqualTo(9091);

        for (String both : new String[] {"{\"adminPort\": 9091, \"httpPort\": 9092}", "{\"httpPort\": 9092, \"adminPort\": 9091}"}) {
            LoadResult result = ConfigLoader.load(ConfigSource.ofFile(write("both.json", both)));
            assertThat(loaded(result).httpPort()).as(both).isEqualTo(9092);
            assertThat(result.warnings()).as(both).contains("JSON keys 'adminPort' and 'httpPort' are both given; using 'httpPort'");
        }
    }

    @Test
    void zooCfgAdminServerKeysSetTheHttpPort() throws IOException {
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(write("zoo.cfg", "admin.serverPort=9093\n")))).httpPort())
                .isEqualTo(9093);
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(write("zoo.cfg",
                "admin.serverPort=9093\nadmin.enableServer=false\n")))).httpPort()).isZero();
        assertThat(loaded(ConfigLoader.load(ConfigSource.ofFile(write("zoo.cfg", "admin.enableServer=true\n")))).httpPort())
                .isEqualTo(NodeConfig.DEFAULT_HTTP_PORT);
        assertThat(ConfigLoader.load(ConfigSource.ofFile(write("zoo.cfg", "admin.enableServer=maybe\n"))).errors())
                .containsExactly("zoo.cfg key 'admin.enableServer': 'maybe' is not a boolean (true, false, yes or no)");
    }
}
