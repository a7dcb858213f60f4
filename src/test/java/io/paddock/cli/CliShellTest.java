package io.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.it.TestNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cli without a command: commands read line by line from standard input on one session
 * (what {@code echo 'ls /' | paddock cli} does), watch events printed between commands, pings
 * keeping an idle session alive past its timeout, and the shell's Tab completion of commands and
 * znode paths through JLine's own parser.
 */
class CliShellTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static TestNode node;
    static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir.resolve("data"));
        zk = node.client();
    }

    @AfterAll
    static void stop() throws Exception {
        zk.close();
        node.close();
    }

    /** The cli in-process with {@code stdin} as its standard input, on its own thread (the test node by default). */
    static final class Piped {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Piped(InputStream stdin, String... options) {
            CommandLine cli = new CommandLine(new CliCommand(stdin));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            List<String> args = new ArrayList<>(List.of(options));
            if (!args.contains("--server")) {
                args.addAll(List.of("--server", node.connectString()));
            }
            thread = new Thread(() -> code.set(cli.execute(args.toArray(String[]::new))), "test-cli-piped");
            thread.start();
        }

        CliRun finish() throws InterruptedException {
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("the cli ended at the end of its input").isFalse();
            return new CliRun(code.get(), out.toString(), err.toString());
        }
    }

    private static CliRun piped(String input, String... options) throws InterruptedException {
        return new Piped(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), options).finish();
    }

    @Test
    void linesRunInOrderOnOneSession() throws Exception {
        CliRun run = piped("create /sh hello\nget /sh\n\n# a comment\ncreate -e /sh/lease 'two words'\nls /sh\n"
                + "get /sh/lease\n");
        assertThat(run).isEqualTo(new CliRun(0, "Created /sh\nhello\nCreated /sh/lease\nlease\ntwo words\n", ""));
        // The ephemeral was visible to the later lines, so they ran on its session; it ended with the input.
        await().atMost(WAIT).until(() -> zk.exists("/sh/lease", false) == null);
    }

    @Test
    void exitCodeIsThatOfTheLastFailureAndQuitStops() throws Exception {
        CliRun run = piped("get /nope\nls /zookeeper\nfrobnicate\nls /zookeeper\n");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEqualTo("config\nquota\nconfig\nquota\n");
        assertThat(run.err()).startsWith("Node does not exist: /nope\n").contains("frobnicate");
        assertThat(piped("get /nope\nls /zookeeper\n").code()).isEqualTo(1);
        CliRun quit = piped("ls /zookeeper\nquit\nget /nope\n");
        assertThat(quit).isEqualTo(new CliRun(0, "config\nquota\n", ""));
        assertThat(piped("get \"/unclosed\n").code()).isEqualTo(2);
    }

    @Test
    void addauthHoldsForTheRestOfTheSession() throws Exception {
        String digest = DigestAuthenticationProvider.generateDigest("bob:pw");
        // A mutable list: the official client asks it whether it contains null, which List.of refuses.
        zk.create("/secret", "s".getBytes(StandardCharsets.UTF_8), new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL,
                new Id("digest", digest)))), CreateMode.PERSISTENT);
        assertThat(piped("addauth digest bob:pw\nget /secret\n")).isEqualTo(new CliRun(0, "s\n", ""));
        assertThat(piped("addauth digest bob:wrong\nget /secret\n"))
                .isEqualTo(new CliRun(1, "", "Insufficient permission : /secret\n"));
    }

    @Test
    void helpListsTheCommands() throws Exception {
        CliRun help = piped("help\n");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("  ls ", "  watch ", "  tree ", "  deleteall ", "  quit ");
    }

    @Test
    void watchEventsArePrintedBetweenCommands() throws Exception {
        zk.create("/pw", "v1".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        PipedOutputStream keyboard = new PipedOutputStream();
        Piped shell = new Piped(new PipedInputStream(keyboard));
        keyboard.write("get -w /pw\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        await().atMost(WAIT).until(() -> shell.out.toString().equals("v1\n"));
        zk.setData("/pw", "v2".getBytes(StandardCharsets.UTF_8), -1);
        await().atMost(WAIT).until(() -> shell.out.toString().contains("WATCHER:: NodeDataChanged /pw\n"));
        keyboard.write("get /pw\nquit\n".getBytes(StandardCharsets.UTF_8));
        keyboard.close();
        assertThat(shell.finish()).isEqualTo(new CliRun(0, "v1\nWATCHER:: NodeDataChanged /pw\nv2\n", ""));
    }

    @Test
    void pingsKeepAnIdleSessionAlivePastItsTimeout() throws Exception {
        zk.create("/ping", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        PipedOutputStream keyboard = new PipedOutputStream();
        // The node's tick is 100 ms, so 1000 ms is granted as asked.
        Piped shell = new Piped(new PipedInputStream(keyboard), "--session-timeout-ms", "1000");
        keyboard.write("create -e /ping/eph\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        await().atMost(WAIT).until(() -> zk.exists("/ping/eph", false) != null);
        await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> zk.exists("/ping/eph", false) != null);
        keyboard.write("ls /ping\n".getBytes(StandardCharsets.UTF_8));
        keyboard.close();
        assertThat(shell.finish()).isEqualTo(new CliRun(0, "Created /ping/eph\neph\n", ""));
    }

    @Test
    void anUnreachableServerIsReportedBeforeAnyLineIsRead() throws Exception {
        int closed = CliRun.closedPort();
        CliRun run = piped("ls /\n", "--server", "127.0.0.1:" + closed);
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void completionOffersCommandsAndTheChildrenOfTheTypedParent() throws Exception {
        for (String p : List.of("/comp", "/comp/alpha", "/comp/apple", "/comp/beta", "/comp/alpha/x")) {
            zk.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        try (Connector connector = new Connector(List.of(ServerAddress.parse(node.connectString())), 30_000, 5_000,
                List.of(), line -> { })) {
            ZkCompleter completer = new ZkCompleter(connector, List.of("ls", "get", "quit"));
            // Completion never connects by itself.
            assertThat(complete(completer, "get /comp/a")).isEmpty();
            connector.client();
            assertThat(complete(completer, "get /comp/a")).containsExactly("/comp/alpha", "/comp/apple");
            assertThat(complete(completer, "ls -s /comp/")).containsExactly("/comp/alpha", "/comp/apple", "/comp/beta");
            assertThat(complete(completer, "get /comp/alpha/")).containsExactly("/comp/alpha/x");
            assertThat(complete(completer, "get /co")).containsExactly("/comp");
            assertThat(complete(completer, "get /")).contains("/comp", "/zookeeper");
            assertThat(complete(completer, "get /nope/")).isEmpty();
            assertThat(complete(completer, "get relative")).isEmpty();
            assertThat(complete(completer, "g")).containsExactly("ls", "get", "quit");
        }
    }

    /** The candidates' values for a line with the cursor at its end, parsed as the shell's reader parses it. */
    private static List<String> complete(ZkCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length()), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }
}
