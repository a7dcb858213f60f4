package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar paddock.jar fault-proxy} as the process cluster.sh runs: it forwards, obeys
 * its control port, and ends on quit, on SIGTERM, and by itself once its owner file is gone, so
 * that no proxy outlives the cluster (or the test) that started it.
 */
class FaultProxyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process proxy;
    private int controlPort;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (proxy != null && proxy.isAlive()) {
            proxy.destroyForcibly();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void forwardsStallsAndQuitsWithExitZero() throws Exception {
        ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(target);
        int linkPort = ProcessNode.freePort();
        start(null, "1-2=" + linkPort + ":127.0.0.1:" + target.getLocalPort(), "2-1=" + ProcessNode.freePort() + ":127.0.0.1:1");

        Socket near = new Socket(InetAddress.getLoopbackAddress(), linkPort);
        open.add(near);
        target.setSoTimeout(10_000);
        Socket far = target.accept();
        open.add(far);
        far.setSoTimeout(10_000);
        near.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(reader(far).readLine()).isEqualTo("ping");
        assertThat(command("partition 2")).isEqualTo("ok partitioned 2 from the other nodes: stalled 1-2 2-1");
        assertThat(command("status")).contains("1-2 stalled connections=1 bytes=5", "ok 2 link(s), 2 stalled");
        assertThat(command("heal")).startsWith("ok healed");

        assertThat(command("quit")).isEqualTo("ok quitting");
        assertThat(proxy.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("proxy exited after quit").isTrue();
        assertThat(proxy.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("proxy.log"))).contains("link 1-2: open -> stalled", "quit on the control port");
    }

    @Test
    void exitsByItselfOnceItsOwnerFileIsGone() throws Exception {
        Path owner = dir.resolve("proxy.pid");
        start(owner, "1-2=" + ProcessNode.freePort() + ":127.0.0.1:1");
        Files.writeString(owner, proxy.pid() + "\n");
        assertThat(command("status")).endsWith("ok 1 link(s), 0 stalled");
        await().atMost(WAIT).until(() -> Files.readString(dir.resolve("proxy.log")).contains(owner + " names this process"));
        assertThat(proxy.isAlive()).isTrue();
        Files.delete(owner);
        assertThat(proxy.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("proxy exited after its owner file went").isTrue();
        assertThat(proxy.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("proxy.log"))).contains(owner + " is gone");
    }

    @Test
    void exitsOnSigterm() throws Exception {
        start(null, "1-2=" + ProcessNode.freePort() + ":127.0.0.1:1");
        proxy.destroy();
        assertThat(proxy.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("proxy exited after SIGTERM").isTrue();
        assertThat(Files.readString(dir.resolve("proxy.log"))).contains("terminated by signal");
    }

    private void start(Path owner, String... links) throws IOException {
        controlPort = ProcessNode.freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx64m", "-jar", ProcessNode.jar().toAbsolutePath().toString(),
                "fault-proxy", "--control-port", Integer.toString(controlPort)));
        for (String link : links) {
            command.add("--link");
            command.add(link);
        }
        if (owner != null) {
            command.add("--exit-when-file-gone");
            command.add(owner.toString());
        }
        proxy = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("proxy.log").toFile()).start();
        await("fault proxy control port").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!proxy.isAlive()) {
                throw new IllegalStateException("proxy exited: " + Files.readString(dir.resolve("proxy.log")));
            }
            try {
                return command("status").contains("ok ");
            } catch (IOException e) {
                return false;
            }
        });
    }

    private String command(String line) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), controlPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = reader(socket);
            StringBuilder reply = new StringBuilder();
            for (String got = in.readLine(); got != null; got = in.readLine()) {
                reply.append(reply.length() == 0 ? "" : "\n").append(got);
                if (got.startsWith("ok") || got.startsWith("error")) {
                    break;
                }
            }
            return reply.toString();
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }
}
