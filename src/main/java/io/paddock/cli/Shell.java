package io.paddock.cli;

import io.paddock.model.EventType;
import io.paddock.wire.jute.ClientCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.SyntaxError;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The cli without a command: reads commands and runs each like a one-shot command, but on one
 * session. On a terminal it is an interactive JLine shell (line editing, history in
 * {@code ~/.paddock_history}, Tab completion of commands and znode paths, Ctrl-C stops the
 * running command, Ctrl-D or {@code quit} leaves); otherwise it reads standard input line by
 * line, so that {@code echo 'ls /' | paddock cli} works, and exits with the code of the last
 * command that failed (0 if none did).
 *
 * <p>Words are split as JLine does (spaces, with single or double quotes around a word that
 * has spaces); blank lines and lines starting with {@code #} are skipped. Watch events of
 * {@code -w} watches are printed as {@code WATCHER:: EventType path} lines.
 *
 * <p>Thread: the caller's; the JLine signal handler interrupts it on Ctrl-C.
 */
final class Shell {
    private static final String HISTORY_FILE = ".paddock_history";

    private final Connector connector;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Set by the terminal's SIGINT handler (another thread), cleared by the shell's thread. */
    private volatile boolean interruptedByUser;

    Shell(Connector connector, PrintWriter out, PrintWriter err) {
        this.connector = connector;
        this.out = out;
        this.err = err;
    }

    /** Connects, then reads commands from a terminal (when {@code stdin} is the console) or from {@code stdin}. */
    int run(InputStream stdin) {
        // Connect first, so that a wrong --server is reported at once rather than at the first command.
        try {
            connector.client();
        } catch (ConnectionException e) {
            return fail(e.getMessage(), CliCommand.EXIT_NO_CONNECTION);
        } catch (ZkException e) {
            return fail(e.getMessage(), CliCommand.EXIT_ZK_ERROR);
        } catch (InterruptedException e) {
            return fail("interrupted", ZkOp.EXIT_INTERRUPTED);
        }
        if (stdin == System.in && System.console() != null) {
            try {
                return interactive();
            } catch (IOException e) {
                return fail("cannot open the terminal: " + e.getMessage(), CliCommand.EXIT_USAGE);
            }
        }
        return piped(stdin);
    }

    private int fail(String message, int code) {
        err.println(message);
        err.flush();
        return code;
    }

    /** Standard input line by line, without prompts. */
    int piped(InputStream stdin) {
        connector.watchSink(n -> {
            out.println(eventLine(n));
            out.flush();
        });
        DefaultParser parser = new DefaultParser();
        // A script's unclosed quote is a mistake to report, not a word to guess at.
        parser.setEofOnUnclosedQuote(true);
        int lastFailure = CliCommand.EXIT_OK;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> words;
                try {
                    words = words(parser.parse(line, line.length(), DefaultParser.ParseContext.ACCEPT_LINE));
                } catch (SyntaxError e) {
                    lastFailure = fail("cannot parse '" + line + "': " + e.getMessage(), CliCommand.EXIT_USAGE);
                    continue;
                }
                if (isQuit(words)) {
                    break;
                }
                int code = execute(words, out, err);
                if (code != CliCommand.EXIT_OK) {
                    lastFailure = code;
                }
            }
        } catch (IOException e) {
            return fail("cannot read standard input: " + e.getMessage(), CliCommand.EXIT_USAGE);
        }
        return lastFailure;
    }

    /** The JLine shell on the system terminal. */
    private int interactive() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("paddock")
                    .completer(new ZkCompleter(connector, commandNames()))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), HISTORY_FILE))
                    .build();
            PrintWriter screen = terminal.writer();
            connector.watchSink(n -> reader.printAbove(eventLine(n)));
            Thread shellThread = Thread.currentThread();
            terminal.handle(Terminal.Signal.INT, signal -> {
                interruptedByUser = true;
                shellThread.interrupt();
            });
            screen.println("Type help for the commands, quit or Ctrl-D to leave.");
            try {
                readEvalPrint(reader, screen);
            } finally {
                reader.getHistory().save();
            }
        }
        return CliCommand.EXIT_OK;
    }

    private void readEvalPrint(LineReader reader, PrintWriter screen) {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            List<String> words = words(reader.getParsedLine());
            if (isQuit(words)) {
                return;
            }
            if (!line.isBlank()) {
                execute(words, screen, screen);
            }
            // A Ctrl-C that came after the command ended must not hit the next one; the
            // terminal echoed "^C" without a line end, so the prompt gets its own line.
            Thread.interrupted();
            if (interruptedByUser) {
                interruptedByUser = false;
                screen.println();
            }
        }
    }

    private String prompt() {
        ZkConnection up = connector.connectionIfUp();
        return "[paddock " + (up == null ? "disconnected" : up.server()) + "] ";
    }

    /** Runs one command line on the shell's session; returns its exit code. */
    int execute(List<String> words, PrintWriter to, PrintWriter errTo) {
        if (words.isEmpty() || words.get(0).startsWith("#")) {
            return CliCommand.EXIT_OK;
        }
        CommandLine line = new CommandLine(new CliCommand(connector));
        line.setOut(to);
        line.setErr(errTo);
        if (words.size() == 1 && "help".equals(words.get(0))) {
            printCommands(line, to);
            return CliCommand.EXIT_OK;
        }
        return line.execute(words.toArray(String[]::new));
    }

    private static void printCommands(CommandLine line, PrintWriter to) {
        for (Map.Entry<String, CommandLine> e : line.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().userObject() instanceof ZkOp) {
                String[] description = e.getValue().getCommandSpec().usageMessage().description();
                to.printf("  %-10s %s%n", e.getKey(), description.length == 0 ? "" : description[0]);
            }
        }
        to.printf("  %-10s %s%n", "help", "This list; help COMMAND shows a command's options.");
        to.printf("  %-10s %s%n", "quit", "Leave the shell (also exit, Ctrl-D).");
        to.flush();
    }

    private List<String> commandNames() {
        List<String> names = new ArrayList<>(new CommandLine(new CliCommand(connector)).getSubcommands().keySet());
        names.add("quit");
        names.add("exit");
        return names;
    }

    private static List<String> words(ParsedLine parsed) {
        List<String> words = new ArrayList<>();
        for (String w : parsed.words()) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static boolean isQuit(List<String> words) {
        return words.size() == 1 && ("quit".equals(words.get(0)) || "exit".equals(words.get(0)));
    }

    /** A watch event as the shell prints it; a None event means the connection was lost. */
    static String eventLine(ClientCodec.Notification n) {
        if (n.type() == EventType.NONE) {
            return "WATCHER:: connection to the server lost; the next command reconnects";
        }
        return "WATCHER:: " + Text.eventName(n.type()) + " " + n.path();
    }
}
