package io.paddock.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.it.TestNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar paddock.jar cli} as a script runs it: a separate JVM per call, commands piped
 * into its standard input (not a terminal, so no JLine terminal is opened) or given one-shot,
 * against an in-JVM node. Also checks that JLine is shaded into the fat jar for the shell.
 */
class CliJarIT {
    @TempDir
    Path dir;

    /** Exit code, stdout, stderr of one cli process; it is killed if it outlives 60 s. */
    record Result(int code, String out, String err) {}

    private Result cli(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", ProcessNode.jar().toString(), "cli"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the cli did not finish: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void pipedAndOneShotFromTheJar() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"))) {
            String server = node.connectString();
            assertThat(cli("create /it hi\nget /it\nls /\n", "--server", server))
                    .isEqualTo(new Result(0, "Created /it\nhi\nit\nzookeeper\n", ""));
            assertThat(cli("", "--server", server, "get", "/it")).isEqualTo(new Result(0, "hi\n", ""));
            assertThat(cli("", "--server", server, "get", "/nope"))
                    .isEqualTo(new Result(1, "", "Node does not exist: /nope\n"));
        }
        int closed = ProcessNode.freePort();
        assertThat(cli("", "--server", "127.0.0.1:" + closed, "ls", "/"))
                .isEqualTo(new Result(3, "", "cannot connect to 127.0.0.1:" + closed + ": Connection refused\n"));
        Result help = cli("", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: paddock cli");
    }

    @Test
    void jlineIsShadedIntoTheJar() throws Exception {
        try (JarFile jar = new JarFile(ProcessNode.jar().toFile())) {
            assertThat(jar.getEntry("org/jline/reader/LineReaderBuilder.class")).isNotNull();
            assertThat(jar.getEntry("org/jline/terminal/TerminalBuilder.class")).isNotNull();
            assertThat(jar.getEntry("io/paddock/cli/CliCommand.class")).isNotNull();
        }
    }
}
