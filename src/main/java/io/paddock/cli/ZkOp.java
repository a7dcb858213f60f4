package io.paddock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The shape every cli command shares: run against the session of the parent
 * {@link CliCommand}, print results on picocli's out, and turn failures into one line on err
 * and an exit code: a {@link ZkException} is 1, a {@link ConnectionException} 3, an
 * interruption 130 (the shell's Ctrl-C); a usage error is thrown as picocli's
 * {@link ParameterException}, which picocli answers with the usage and 2.
 *
 * <p>Thread: picocli's caller. A one-shot command closes its session when it ends
 * ({@link CliCommand#finished()}); a shell line leaves it open.
 */
abstract class ZkOp implements Callable<Integer> {
    static final int EXIT_INTERRUPTED = 130;

    @ParentCommand
    CliCommand cli;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this command's usage")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(cli.connector(), out, err);
        } catch (ZkException e) {
            err.println(e.getMessage());
            return CliCommand.EXIT_ZK_ERROR;
        } catch (ConnectionException e) {
            err.println(e.getMessage());
            return CliCommand.EXIT_NO_CONNECTION;
        } catch (InterruptedException e) {
            err.println(spec.name() + ": interrupted");
            return EXIT_INTERRUPTED;
        } finally {
            out.flush();
            err.flush();
            cli.finished();
        }
    }

    /** The command itself; returns its exit code (0 unless it knows better). */
    abstract int run(Connector connector, PrintWriter out, PrintWriter err)
            throws ZkException, ConnectionException, InterruptedException;

    /** A usage error of this command: picocli prints the message and the usage, exit 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), spec.name() + ": " + message);
    }

    /** Checks what the server would refuse anyway, so that the message is a usage error, not BADARGUMENTS. */
    String checkedPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw usage("Path must start with / character: " + path);
        }
        if (path.length() > 1 && path.endsWith("/")) {
            throw usage("Path must not end with / character: " + path);
        }
        return path;
    }

    /** {@code parent/child}, without a double slash under the root. */
    static String child(String parent, String name) {
        return "/".equals(parent) ? "/" + name : parent + "/" + name;
    }
}
