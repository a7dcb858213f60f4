package io.paddock.consensus.interaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A datadriven script (cockroachdb/datadriven's format, as etcd/raft's interaction tests use
 * it): comments ({@code #}) and blank lines, and test cases, each a command line, a
 * {@code ----} line and the expected output up to the next blank line. An output that itself
 * holds blank lines is written between {@code ----}/{@code ----} pairs:
 * <pre>
 * command args
 * ----
 * ----
 * output with
 *
 * a blank line
 * ----
 * ----
 * </pre>
 * {@link #run} executes every case in order and gives back the whole file with each expected
 * block replaced by the actual output, so a rewrite changes nothing else (comments, spacing).
 *
 * <p>Immutable once parsed; used on the test's thread. Invariant: the chunks, printed in
 * order with the expected blocks, reproduce the parsed text exactly (up to a final newline).
 */
final class Script {
    private static final String SEPARATOR = "----";

    /** A line kept as written, or a test case. */
    private sealed interface Chunk permits Verbatim, Case {}

    private record Verbatim(String line) implements Chunk {}

    private record Case(int lineNumber, String command, String expected) implements Chunk {}

    /** A case whose actual output differed from the expected one. */
    record Mismatch(String where, String command, String expected, String actual) {}

    /** The rewritten text and every case that differed. */
    record Result(String rewritten, List<Mismatch> mismatches) {}

    private final String name;
    private final List<Chunk> chunks;

    private Script(String name, List<Chunk> chunks) {
        this.name = name;
        this.chunks = chunks;
    }

    String name() {
        return name;
    }

    static Script parse(String name, String text) {
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < count) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                chunks.add(new Verbatim(line));
                i++;
                continue;
            }
            if (i + 1 >= count || !lines[i + 1].equals(SEPARATOR)) {
                throw new ScriptException(name + ":" + (i + 1) + ": " + line + ": expected a '----' line after the command");
            }
            int start = i + 2;
            boolean fenced = start < count && lines[start].equals(SEPARATOR);
            int end = fenced ? fencedEnd(name, lines, count, start + 1, i + 1) : plainEnd(lines, count, start);
            List<String> expected = new ArrayList<>();
            for (int j = fenced ? start + 1 : start; j < end; j++) {
                expected.add(lines[j]);
            }
            chunks.add(new Case(i + 1, line, String.join("\n", expected)));
            i = fenced ? end + 2 : end;
        }
        return new Script(name, List.copyOf(chunks));
    }

    /** The first blank line (or the end) after an unfenced output. */
    private static int plainEnd(String[] lines, int count, int from) {
        int j = from;
        while (j < count && !lines[j].isBlank()) {
            j++;
        }
        return j;
    }

    /** The line where the closing "----" pair of a fenced output starts. */
    private static int fencedEnd(String name, String[] lines, int count, int from, int commandLine) {
        for (int j = from; j + 1 < count; j++) {
            if (lines[j].equals(SEPARATOR) && lines[j + 1].equals(SEPARATOR)) {
                return j;
            }
        }
        throw new ScriptException(name + ":" + commandLine + ": output opened with '----' twice is never closed");
    }

    /** Runs every case through {@code handler} (which returns the output of one command). */
    Result run(Function<ScriptLine, String> handler) {
        StringBuilder text = new StringBuilder();
        List<Mismatch> mismatches = new ArrayList<>();
        for (Chunk chunk : chunks) {
            if (chunk instanceof Verbatim verbatim) {
                text.append(verbatim.line()).append('\n');
                continue;
            }
            Case test = (Case) chunk;
            String where = name + ":" + test.lineNumber();
            String actual = stripTrailingNewlines(handler.apply(ScriptLine.parse(where, test.command())));
            if (!actual.equals(test.expected())) {
                mismatches.add(new Mismatch(where, test.command(), test.expected(), actual));
            }
            text.append(test.command()).append('\n').append(SEPARATOR).append('\n');
            boolean fenced = actual.lines().anyMatch(String::isBlank);
            if (fenced) {
                text.append(SEPARATOR).append('\n').append(actual).append('\n').append(SEPARATOR).append('\n')
                        .append(SEPARATOR).append('\n');
            } else if (!actual.isEmpty()) {
                text.append(actual).append('\n');
            }
        }
        return new Result(text.toString(), List.copyOf(mismatches));
    }

    private static String stripTrailingNewlines(String output) {
        int end = output.length();
        while (end > 0 && output.charAt(end - 1) == '\n') {
            end--;
        }
        return output.substring(0, end);
    }
}
