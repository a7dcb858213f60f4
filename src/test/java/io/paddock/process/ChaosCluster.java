package io.paddock.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The chaos runner's handle on scripts/cluster.sh in one {@code CLUSTER_DIR}: every command a
 * bounded child process; {@link #stop()} ends every process the script started (by pid).
 */
final class ChaosCluster {
    private final Path script;
    private final Path dir;
    private int nodes;

    ChaosCluster(Path script, Path dir) {
        this.script = script;
        this.dir = dir;
    }

    String start(int count) throws Exception {
        this.nodes = count;
        runQuietly("stop");
        String out = run("start", String.valueOf(count));
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    Optional<Integer> leader() {
        try {
            return Optional.of(Integer.parseInt(run("leader").strip()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Heals, resumes and restarts whatever the nemesis left broken, then waits for a whole ensemble. */
    void healEverything() throws Exception {
        healEverythingQuietly();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = run("status");
            long serving = status.lines().filter(l -> l.matches("\\d+ (leader|follower|observer) .*")).count();
            return serving == nodes && status.contains(" leader ");
        });
    }

    void healEverythingQuietly() {
        runQuietly("heal");
        for (int id = 1; id <= nodes; id++) {
            runQuietly("resume", String.valueOf(id));
        }
        String status = runQuietly("status");
        for (String line : status.split("\n")) {
            if (line.matches("\\d+ stopped.*")) {
                runQuietly("restart", line.split(" ")[0]);
            }
        }
    }

    void stop() {
        runQuietly("stop");
    }

    String run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CLUSTER_DIR", dir.toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + ": " + text.strip());
        }
        return text;
    }

    private String runQuietly(String... args) {
        try {
            return run(args);
        } catch (Exception e) {
            return "";
        }
    }
}
