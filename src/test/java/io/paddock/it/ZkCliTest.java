package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper 3.9.5's own command-line client (zkCli, {@code ZooKeeperMain}) against a Paddock
 * node: a separate JVM reads the commands from its standard input, as an operator's script would.
 */
class ZkCliTest {
    @TempDir
    Path dir;

    private static String zkCli(String connect, File output, List<String> commands) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.ZooKeeperMain", "-server", connect)
                .redirectErrorStream(true).redirectOutput(output).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", commands) + "\nquit\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("zkCli did not finish");
        }
        return Files.readString(output.toPath());
    }

    @Test
    void zkCliCommandsWork() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"))) {
            String out = zkCli(node.connectString(), dir.resolve("zkcli.out").toFile(), List.of(
                    "ls /",
                    "create /app hello",
                    "create -s /app/job- x",
                    "create -e /app/lease",
                    "set /app world",
                    "get -s /app",
                    "ls -s /app",
                    "getAcl /app",
                    "getAllChildrenNumber /",
                    "getEphemerals",
                    "whoami",
                    "stat /nope",
                    "delete /app/job-0000000000",
                    "ls /app"));
            assertThat(out).contains("[zookeeper]", "Created /app", "Created /app/job-0000000000",
                    "Created /app/lease", "world", "dataVersion = 1", "numChildren = 2", "'world,'anyone",
                    ": cdrwa", "[/app/lease]", "127.0.0.1", "Node does not exist: /nope", "[lease]");
        }
    }
}
