package io.paddock.cli;

import io.paddock.node.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code paddock cli ...} in-process through the jar's own entry ({@link Main}'s picocli
 * command line), with stdout and stderr captured: what a script would see, without a JVM per
 * command.
 */
record CliRun(int code, String out, String err) {
    /** {@code paddock cli ARGS...}. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine main = new CommandLine(new Main());
        main.setOut(new PrintWriter(out, true));
        main.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>();
        all.add("cli");
        all.addAll(List.of(args));
        int code = main.execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code paddock cli --server CONNECT ARGS...}. */
    static CliRun at(String connect, String... args) {
        List<String> all = new ArrayList<>(List.of("--server", connect));
        all.addAll(List.of(args));
        return of(all.toArray(String[]::new));
    }

    /** A loopback port that nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The lines of stdout. */
    List<String> lines() {
        return out.lines().toList();
    }
}
