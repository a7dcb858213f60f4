package io.paddock.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code paddock cli [--server host:port[,host:port]] [COMMAND ARGS...]}: a ZooKeeper command-line
 * client. With a command it runs that one command and exits (one-shot, for scripts); without one
 * it reads commands from the terminal (an interactive shell with history and completion) or,
 * when standard input is not a terminal, line by line from it.
 *
 * <p>The commands are this command's picocli subcommands (the classes in {@link ReadOps},
 * {@link WriteOps}, {@link SessionOps}). The shell parses each line with a fresh
 * {@code CliCommand} bound to the shell's {@link Connector}, so one-shot and shell use the same
 * parsing, help and errors.
 *
 * <p>Exit codes: 0 ok, 1 a ZooKeeper error (no such znode, bad version, no auth, ...), 2 a usage
 * error, 3 no connection, 130 a command interrupted in the shell. Thread: the caller's
 * (picocli's execute); the connection's own threads are daemons and are ended by
 * {@link #finished()}.
 */
@Command(name = "cli", mixinStandardHelpOptions = true, version = "paddock cli 0.1.0",
        description = {"A ZooKeeper command-line client: runs one COMMAND and exits, or without one reads commands",
            "(an interactive shell on a terminal, else line by line from standard input). help COMMAND shows its "
                + "options."},
        footer = {"", "Exit codes: 0 ok; 1 ZooKeeper error (message names the path); 2 usage error; 3 no connection;",
            "130 interrupted."},
        subcommands = {ReadOps.Ls.class, ReadOps.Get.class, ReadOps.StatCommand.class, ReadOps.GetAcl.class,
            ReadOps.Sync.class, ReadOps.Tree.class, WriteOps.Create.class, WriteOps.Set.class, WriteOps.Delete.class,
            WriteOps.DeleteAll.class, WriteOps.SetAcl.class, SessionOps.AddAuth.class, SessionOps.Watch.class,
            CommandLine.HelpCommand.class})
public final class CliCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_ZK_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NO_CONNECTION = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", split = ",", defaultValue = "127.0.0.1:2181", paramLabel = "HOST:PORT",
            converter = ServerAddress.Converter.class,
            description = "servers, tried in order until one answers (default ${DEFAULT-VALUE})")
    List<ServerAddress> servers;

    @Option(names = "--auth", paramLabel = "SCHEME:AUTH", converter = AuthConverter.class,
            description = "an identity to add after connecting, as addauth does (e.g. digest:user:password); repeatable")
    List<Connector.Auth> auths = new ArrayList<>();

    private int sessionTimeoutMs = 30_000;
    private int connectTimeoutMs = 5_000;

    /** The shell's connector when this instance parses one shell line; null for one-shot use. */
    private final Connector shellConnector;
    private final InputStream stdin;
    private Connector ownConnector;

    /** picocli's constructor: one-shot or shell, reading standard input. */
    public CliCommand() {
        this(null, System.in);
    }

    /** A command for one line of a shell that owns {@code shellConnector}. */
    CliCommand(Connector shellConnector) {
        this(shellConnector, null);
    }

    /** The top-level command reading shell lines from {@code stdin} (tests pass their own). */
    CliCommand(InputStream stdin) {
        this(null, stdin);
    }

    private CliCommand(Connector shellConnector, InputStream stdin) {
        this.shellConnector = shellConnector;
        this.stdin = stdin;
    }

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "session timeout asked of the server (default ${DEFAULT-VALUE})")
    void sessionTimeoutMs(int value) {
        sessionTimeoutMs = positive("--session-timeout-ms", value);
    }

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "time allowed per server for the TCP connect and handshake (default ${DEFAULT-VALUE})")
    void connectTimeoutMs(int value) {
        connectTimeoutMs = positive("--connect-timeout-ms", value);
    }

    private int positive(String option, int value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be positive, not " + value);
        }
        return value;
    }

    /** Without a command: the shell (or, inside the shell, a line of options only, which is a usage error). */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (shellConnector != null) {
            err.println("cli options are given when the cli starts; type help for the commands");
            err.flush();
            return EXIT_USAGE;
        }
        try {
            return new Shell(connector(), spec.commandLine().getOut(), err).run(stdin);
        } finally {
            finished();
        }
    }

    /** The connector commands use: the shell's, or this one-shot command's own (made on first use). */
    Connector connector() {
        if (shellConnector != null) {
            return shellConnector;
        }
        if (ownConnector == null) {
            PrintWriter err = spec.commandLine().getErr();
            ownConnector = new Connector(servers, sessionTimeoutMs, connectTimeoutMs, auths, line -> {
                err.println(line);
                err.flush();
            });
        }
        return ownConnector;
    }

    /** True when this command parses a line of a running shell. */
    boolean inShell() {
        return shellConnector != null;
    }

    /** After a one-shot command: closes its session. A shell keeps its session for the next line. */
    void finished() {
        if (ownConnector != null) {
            ownConnector.close();
            ownConnector = null;
        }
    }

    /** {@code scheme:auth}, the scheme running to the first colon; anything else is a usage error. */
    static final class AuthConverter implements CommandLine.ITypeConverter<Connector.Auth> {
        @Override
        public Connector.Auth convert(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not SCHEME:AUTH");
            }
            return new Connector.Auth(value.substring(0, colon), value.substring(colon + 1));
        }
    }
}
