package io.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.it.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.StatPrinter;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every one-shot command of {@code paddock cli} against a real in-JVM node, with the official
 * ZooKeeper 3.9.5 client as the witness of what each command did, and each error class with its
 * message and exit code. Each test works under its own top-level znode.
 */
class CliOneShotTest {
    @TempDir
    static Path dir;

    static TestNode node;
    static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir.resolve("data"), Map.of("extended-types-enabled", "true"));
        zk = node.client();
    }

    @AfterAll
    static void stop() throws Exception {
        zk.close();
        node.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.at(node.connectString(), args);
    }

    private static String zkStatText(Stat stat) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new StatPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(stat);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createGetSetPrintExactlyWhatScriptsRead() throws Exception {
        assertThat(cli("create", "/cgs", "hello")).isEqualTo(new CliRun(0, "Created /cgs\n", ""));
        assertThat(cli("get", "/cgs")).isEqualTo(new CliRun(0, "hello\n", ""));
        assertThat(cli("set", "-v", "0", "/cgs", "two words")).isEqualTo(new CliRun(0, "", ""));
        assertThat(new String(zk.getData("/cgs", false, null), StandardCharsets.UTF_8)).isEqualTo("two words");
        CliRun withStat = cli("get", "-s", "/cgs");
        assertThat(withStat.code()).isZero();
        assertThat(withStat.out()).isEqualTo("two words\n" + zkStatText(zk.exists("/cgs", false)));
        CliRun setStat = cli("set", "-s", "/cgs", "three");
        assertThat(setStat.out()).isEqualTo(zkStatText(zk.exists("/cgs", false)));
        assertThat(setStat.out()).contains("dataVersion = 2");
        assertThat(cli("create", "/cgs/empty").out()).isEqualTo("Created /cgs/empty\n");
        assertThat(cli("get", "/cgs/empty").out()).isEqualTo("\n");
    }

    @Test
    void statPrintsZkClisLinesForTheSameStat() throws Exception {
        zk.create("/st", "abc".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/st/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        CliRun stat = cli("stat", "/st");
        assertThat(stat.code()).isZero();
        assertThat(stat.out()).isEqualTo(zkStatText(zk.exists("/st", false)));
        assertThat(stat.lines()).hasSize(11).first().asString().startsWith("cZxid = 0x");
        assertThat(stat.out()).contains("numChildren = 1", "dataLength = 3");
    }

    @Test
    void lsPrintsOneChildPerLineAndRecursesAndDrawsTrees() throws Exception {
        for (String p : List.of("/ls", "/ls/b", "/ls/a", "/ls/a/x", "/ls/a/y", "/ls/a/y/z", "/ls/c")) {
            zk.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        assertThat(cli("ls", "/ls")).isEqualTo(new CliRun(0, "a\nb\nc\n", ""));
        assertThat(cli("ls", "-s", "/ls").out()).isEqualTo("a\nb\nc\n" + zkStatText(zk.exists("/ls", false)));
        assertThat(cli("ls", "-R", "/ls").lines())
                .containsExactly("/ls", "/ls/a", "/ls/a/x", "/ls/a/y", "/ls/a/y/z", "/ls/b", "/ls/c");
        assertThat(cli("ls", "/ls/c")).isEqualTo(new CliRun(0, "", ""));
        assertThat(cli("tree", "/ls").out()).isEqualTo(String.join("\n",
                "/ls",
                "├── a",
                "│   ├── x",
                "│   └── y",
                "│       └── z",
                "├── b",
                "└── c", ""));
        assertThat(cli("ls", "-R", "-s", "/ls").code()).isEqualTo(2);
    }

    @Test
    void createModes() throws Exception {
        zk.create("/cm", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(cli("create", "-s", "/cm/job-", "x").out()).isEqualTo("Created /cm/job-0000000000\n");
        assertThat(cli("create", "-s", "/cm/job-").out()).isEqualTo("Created /cm/job-0000000001\n");
        // An ephemeral lives as long as the one-shot session, which closes as the command ends.
        CliRun ephemeral = cli("create", "-e", "/cm/lease");
        assertThat(ephemeral).isEqualTo(new CliRun(0, "Created /cm/lease\n", ""));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(1))
                .until(() -> zk.exists("/cm/lease", false) == null);
        assertThat(cli("create", "-c", "/cm/box").code()).isZero();
        assertThat(zk.exists("/cm/box", false)).isNotNull();
        assertThat(cli("create", "-t", "60000", "/cm/ttl", "t").out()).isEqualTo("Created /cm/ttl\n");
        assertThat(zk.getData("/cm/ttl", false, null)).isEqualTo("t".getBytes(StandardCharsets.UTF_8));
        assertThat(cli("create", "-s", "-t", "60000", "/cm/ttl-").out()).startsWith("Created /cm/ttl-00000000");
        CliRun combined = cli("create", "-c", "-e", "/cm/bad");
        assertThat(combined.code()).isEqualTo(2);
        assertThat(combined.err()).contains("-c cannot be combined with -s or -e");
        assertThat(cli("create", "-e", "-t", "5", "/cm/bad").code()).isEqualTo(2);
        assertThat(zk.exists("/cm/bad", false)).isNull();
    }

    @Test
    void deleteAndDeleteAll() throws Exception {
        for (String p : List.of("/del", "/del/a", "/del/a/b", "/del/c")) {
            zk.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        assertThat(cli("delete", "/del/c")).isEqualTo(new CliRun(0, "", ""));
        assertThat(zk.exists("/del/c", false)).isNull();
        assertThat(cli("delete", "/del")).isEqualTo(new CliRun(1, "", "Node not empty: /del\n"));
        assertThat(cli("deleteall", "/del")).isEqualTo(new CliRun(0, "", ""));
        assertThat(zk.exists("/del", false)).isNull();
    }

    @Test
    void zooKeeperErrorsNameThePathAndExitOne() throws Exception {
        zk.create("/err", "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(cli("get", "/err/nope")).isEqualTo(new CliRun(1, "", "Node does not exist: /err/nope\n"));
        assertThat(cli("ls", "/err/nope").err()).isEqualTo("Node does not exist: /err/nope\n");
        assertThat(cli("stat", "/err/nope").code()).isEqualTo(1);
        assertThat(cli("set", "-v", "5", "/err", "x")).isEqualTo(new CliRun(1, "", "version No is not valid : /err\n"));
        assertThat(cli("delete", "-v", "3", "/err")).isEqualTo(new CliRun(1, "", "version No is not valid : /err\n"));
        assertThat(cli("create", "/err")).isEqualTo(new CliRun(1, "", "Node already exists: /err\n"));
        assertThat(cli("create", "/err/nope/deeper").err()).isEqualTo("Node does not exist: /err/nope/deeper\n");
        assertThat(zk.getData("/err", false, null)).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aclsAndAuth() throws Exception {
        zk.create("/acl", "secret".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        assertThat(cli("getAcl", "/acl")).isEqualTo(new CliRun(0, "'world,'anyone\n: cdrwa\n", ""));
        String digest = DigestAuthenticationProvider.generateDigest("alice:pw");
        assertThat(cli("setAcl", "/acl", "digest:" + digest + ":cdrwa,world:anyone:r").code()).isZero();
        assertThat(zk.getACL("/acl", null)).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", "alice:x")),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        // Without ADMIN the hash is hidden, as ZooKeeper hides it; with the identity it shows.
        assertThat(cli("getAcl", "/acl").out()).isEqualTo("'digest,'alice:x\n: cdrwa\n'world,'anyone\n: r\n");
        assertThat(cli("--auth", "digest:alice:pw", "getAcl", "/acl").out())
                .isEqualTo("'digest,'" + digest + "\n: cdrwa\n'world,'anyone\n: r\n");
        assertThat(cli("set", "/acl", "x")).isEqualTo(new CliRun(1, "", "Insufficient permission : /acl\n"));
        assertThat(cli("--auth", "digest:alice:pw", "set", "/acl", "mine").code()).isZero();
        assertThat(zk.getData("/acl", false, null)).isEqualTo("mine".getBytes(StandardCharsets.UTF_8));
        CliRun badAcl = cli("setAcl", "/acl", "world:anyone:rwx");
        assertThat(badAcl.code()).isEqualTo(2);
        assertThat(badAcl.err()).contains("'world:anyone:rwx' has permissions other than c, d, r, w, a");
        assertThat(cli("setAcl", "/acl", "nocolons").err()).contains("does not have the form scheme:id:perm");
    }

    @Test
    void setAclRecursiveAndWithVersion() throws Exception {
        for (String p : List.of("/sar", "/sar/a", "/sar/a/b")) {
            zk.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        assertThat(cli("setAcl", "-v", "4", "/sar", "world:anyone:r")).isEqualTo(
                new CliRun(1, "", "version No is not valid : /sar\n"));
        assertThat(cli("setAcl", "-R", "/sar", "world:anyone:rca").code()).isZero();
        for (String p : List.of("/sar", "/sar/a", "/sar/a/b")) {
            assertThat(zk.getACL(p, null)).containsExactly(new ACL(
                    ZooDefs.Perms.READ | ZooDefs.Perms.CREATE | ZooDefs.Perms.ADMIN, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        }
        CliRun withStat = cli("setAcl", "-s", "/sar/a", "world:anyone:cdrwa");
        assertThat(withStat.out()).contains("aclVersion = 2");
    }

    @Test
    void syncAndHelp() {
        assertThat(cli("sync", "/")).isEqualTo(new CliRun(0, "Sync is OK\n", ""));
        CliRun help = CliRun.of("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--server", "watch", "tree", "deleteall", "Exit codes");
        CliRun lsHelp = CliRun.of("help", "ls");
        assertThat(lsHelp.out()).contains("Usage: paddock cli ls", "-R");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun unknown = cli("frobnicate", "/");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");
        CliRun relative = cli("get", "relative");
        assertThat(relative.code()).isEqualTo(2);
        assertThat(relative.err()).contains("Path must start with / character: relative");
        assertThat(cli("get").code()).isEqualTo(2);
        assertThat(cli("set", "-v", "x", "/a", "b").code()).isEqualTo(2);
        CliRun badServer = CliRun.of("--server", "127.0.0.1:notaport", "ls", "/");
        assertThat(badServer.code()).isEqualTo(2);
        assertThat(badServer.err()).contains("'127.0.0.1:notaport' has a port that is not a number");
        assertThat(CliRun.of("--auth", "nocolon", "ls", "/").code()).isEqualTo(2);
        assertThat(cli("--session-timeout-ms", "0", "ls", "/").err()).contains("--session-timeout-ms must be positive");
    }

    @Test
    void noConnectionExitsThreeAndTheNextServerIsTried() throws Exception {
        int closed = CliRun.closedPort();
        CliRun refused = CliRun.at("127.0.0.1:" + closed, "ls", "/");
        assertThat(refused).isEqualTo(new CliRun(3, "", "cannot connect to 127.0.0.1:" + closed
                + ": Connection refused\n"));
        CliRun failover = CliRun.at("127.0.0.1:" + closed + "," + node.connectString(), "get", "/");
        assertThat(failover).isEqualTo(new CliRun(0, "\n", ""));
    }
}
