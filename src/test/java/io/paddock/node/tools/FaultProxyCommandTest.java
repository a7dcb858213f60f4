package io.paddock.node.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The fault-proxy command line: link specs, and every bad argument refused with a clear message. */
class FaultProxyCommandTest {
    @TempDir
    Path dir;

    @Test
    void aLinkSpecNamesBothNodesThePortsAndTheHost() {
        LinkSpec link = LinkSpec.parse(" 2-13=21001:localhost:20004 ");
        assertThat(link).isEqualTo(new LinkSpec(2, 13, 21001, "localhost", 20004));
        assertThat(link.name()).isEqualTo("2-13");
    }

    @Test
    void badLinkSpecsSayWhatIsWrong() {
        assertBad("1-2", "no '='");
        assertBad("1=1:h:2", "the name must be FROM-TO");
        assertBad("1-2-3=1:h:2", "the name must be FROM-TO");
        assertBad("a-2=1:h:2", "the FROM node id 'a' is not a number");
        assertBad("1-256=1:h:2", "the TO node id 256 is not in 1..255");
        assertBad("0-2=1:h:2", "the FROM node id 0 is not in 1..255");
        assertBad("2-2=1:h:2", "a link joins two different nodes");
        assertBad("1-2=21001:h", "the address must be LISTEN_PORT:TARGET_HOST:TARGET_PORT");
        assertBad("1-2=21001::20004", "the target host is empty");
        assertBad("1-2=70000:h:20004", "the listen port 70000 is not in 1..65535");
        assertBad("1-2=21001:h:-1", "the target port '-1' is not a number");
        assertBad("1-2=99999999999:h:1", "the listen port '99999999999' is not a number");
    }

    private static void assertBad(String text, String problem) {
        assertThatThrownBy(() -> LinkSpec.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("link '" + text + "'").hasMessageContaining(problem);
    }

    @Test
    void badArgumentsExitTwoWithTheReason() throws Exception {
        Path links = dir.resolve("links");
        Files.writeString(links, "# the links of a test\n\n1-2=21001:127.0.0.1:20002\nnonsense\n");
        assertExit(2, "--control-port 0 is not in 1..65535", "--control-port", "0", "--link", "1-2=21001:127.0.0.1:20002");
        assertExit(2, "no links", "--control-port", "21000");
        assertExit(2, "Missing required option: '--control-port=PORT'", "--link", "1-2=21001:127.0.0.1:20002");
        assertExit(2, "--link: link 'x'", "--control-port", "21000", "--link", "x");
        assertExit(2, links + ":4: link 'nonsense'", "--control-port", "21000", "--links", links.toString());
        assertExit(2, "cannot read", "--control-port", "21000", "--links", dir.resolve("missing").toString());
        assertExit(2, "link 1-2 is given twice", "--control-port", "21000",
                "--link", "1-2=21001:127.0.0.1:20002", "--link", "1-2=21002:127.0.0.1:20002");
        assertExit(2, "listen port 21000 is already used", "--control-port", "21000",
                "--link", "1-2=21000:127.0.0.1:20002");
    }

    @Test
    void aTakenPortExitsOneNamingTheLink() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertExit(1, "link 2-1: cannot listen on 127.0.0.1:" + port, "--control-port", Integer.toString(freePort()),
                    "--link", "2-1=" + port + ":127.0.0.1:20002");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertExit(int code, String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FaultProxyCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).as("exit code for %s", String.join(" ", args)).isEqualTo(code);
        assertThat(err.toString()).contains(message);
    }
}
