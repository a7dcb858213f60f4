package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript client the node serves at {@code /paddock.js}, run by Node.js against a real
 * node: src/test/resources/js/paddock-client-test.mjs exercises its ops, watches, reconnect with
 * session and watch resume (from memory and from disk), HistoryGone, expiry and close;
 * paddock-client-resume-test.mjs, against a scripted server, a resume cut short by a drop. Needs
 * {@code node} (22+, or 20/21, which get {@code --experimental-websocket}); without it the test is
 * skipped with a message saying so (CI has no Node.js). The node process is this test's own,
 * stopped by its handle.
 */
class JavaScriptClientTest {
    private static final long RUN_TIMEOUT_S = 120;

    @TempDir
    Path dir;

    @Test
    void theServedModuleWorksAgainstARealNode() throws Exception {
        List<String> node = nodeOrSkip();
        try (TestNode paddock = WebSocketProtocolTest.node(dir, Map.of("watch-history-txns", "20"))) {
            HttpResponse<String> module = Http.get(paddock.node.httpPort(), "/paddock.js");
            assertThat(module.statusCode()).isEqualTo(200);
            String text = run(node, module.body(), "paddock-client-test.mjs",
                    "ws://127.0.0.1:" + paddock.node.httpPort() + "/ws");
            assertThat(text).contains("PASS ops", "PASS watches", "PASS resume", "PASS history gone",
                    "PASS resume from disk", "PASS expiry", "ALL PASSED");
        }
    }

    /**
     * A resume the connection dropped before its reply (a node reading old history from disk
     * answers late) against a scripted server, since no real node drops on cue: the next resume
     * starts where the replay got to, a HISTORY_BUSY answer is asked again, nothing is missed.
     */
    @Test
    void aWatchResumeCutShortResumesFromWhereItsReplayGotTo() throws Exception {
        List<String> node = nodeOrSkip();
        String module;
        try (InputStream served = getClass().getResourceAsStream("/paddock/paddock.js")) {
            module = new String(served.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(run(node, module, "paddock-client-resume-test.mjs")).contains("PASS resume cut short", "ALL PASSED");
    }

    private static List<String> nodeOrSkip() throws InterruptedException {
        List<String> node = nodeWithWebSocket();
        if (node == null) {
            System.out.println("JavaScriptClientTest SKIPPED: no Node.js with a WebSocket on the PATH");
        }
        Assumptions.assumeTrue(node != null, "no Node.js with a WebSocket on the PATH: the JavaScript client test is skipped");
        return node;
    }

    /** Runs {@code script} (a test resource) next to {@code module} as paddock.mjs; returns its output once it passed. */
    private String run(List<String> node, String module, String script, String... args) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("js"));
        Files.writeString(scripts.resolve("paddock.mjs"), module);
        try (InputStream test = getClass().getResourceAsStream("/js/" + script)) {
            Files.write(scripts.resolve(script), test.readAllBytes());
        }
        List<String> command = new ArrayList<>(node);
        command.add(script);
        command.addAll(List.of(args));
        Path output = dir.resolve(script + ".txt");
        Process process = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(finished).as("node finished within %d s:%n%s", RUN_TIMEOUT_S, text).isTrue();
        assertThat(process.exitValue()).as("node's exit code; its output:%n%s", text).isZero();
        return text;
    }

    /** The command that runs Node.js with a global WebSocket, or null when there is none. */
    private static List<String> nodeWithWebSocket() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("node"), List.of("node", "--experimental-websocket"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.add("-e");
            probe.add("process.exit(typeof WebSocket === 'function' ? 0 : 3)");
            try {
                Process process = new ProcessBuilder(probe).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
                process.destroyForcibly();
            } catch (IOException e) {
                return null; // no node on the PATH at all
            }
        }
        return null;
    }
}
