package io.paddock.consensus.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every interaction script in {@code src/test/resources/interaction/} (one dynamic test per
 * file) against real consensus cores, and compares each command's output with the expected
 * block in the file. {@code -Drewrite=true} writes the actual outputs back into the files in
 * the source tree instead: commit the result only after reading the diff and understanding
 * every changed line, as etcd/raft asks of its own rewrites.
 *
 * <p>Scripts are read from the source tree, not the classpath, so that a rewrite changes the
 * files a reviewer reads. Each script runs in a fresh {@link InteractionEnv} on the test's thread.
 */
class InteractionTest {
    private static final boolean REWRITE = Boolean.parseBoolean(System.getProperty("rewrite", "false"));

    static Path scriptDirectory() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "interaction");
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(scriptDirectory())) {
            files = listed.filter(path -> path.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("scripts in %s", scriptDirectory()).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                () -> runScript(file)));
    }

    private static void runScript(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Script script = Script.parse(file.getFileName().toString(), text);
        Script.Result result = script.run(new InteractionEnv()::handle);
        if (REWRITE) {
            if (!result.rewritten().equals(text)) {
                Files.writeString(file, result.rewritten(), StandardCharsets.UTF_8);
            }
            return;
        }
        assertThat(result.mismatches()).as(() -> describe(result.mismatches())).isEmpty();
    }

    static String describe(List<Script.Mismatch> mismatches) {
        if (mismatches.isEmpty()) {
            return "no mismatches";
        }
        Script.Mismatch first = mismatches.get(0);
        return mismatches.size() + " command(s) printed something else than expected; the first, at " + first.where()
                + ":\n" + first.command() + "\n---- expected\n" + first.expected() + "\n---- actual\n" + first.actual()
                + "\n(run with -Drewrite=true to write the actual outputs into the scripts, then read the diff)";
    }
}
