package io.paddock.cli;

import io.paddock.model.EventType;
import io.paddock.wire.jute.ClientCodec;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cli's session commands: {@code addauth} adds an identity to the session (and to every
 * later reconnect of a shell), {@code watch} prints watch events until it is interrupted.
 * Stateless apart from the parsed options; runs on the command's thread.
 */
final class SessionOps {
    private SessionOps() {}

    @Command(name = "addauth", description = "Add an identity to the session, e.g. addauth digest user:password.")
    static final class AddAuth extends ZkOp {
        @Parameters(index = "0", paramLabel = "SCHEME")
        String scheme;

        @Parameters(index = "1", paramLabel = "AUTH")
        String auth;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            connector.addAuth(scheme, auth);
            return 0;
        }
    }

    /**
     * {@code watch PATH [-R]}: a persistent watch (recursive with -R) whose events are printed,
     * one {@code EventName path} line each, until the command's thread is interrupted (the
     * shell's Ctrl-C, a test) or the JVM shuts down (a one-shot cli's Ctrl-C, through a
     * shutdown hook). Then the watch is removed and the command ends with 0; a lost connection
     * ends it with 3.
     */
    @Command(name = "watch", description = {"Print the events of a persistent watch until interrupted (Ctrl-C).",
        "Each line is EventType PATH, e.g. NodeDataChanged /app/config."})
    static final class Watch extends ZkOp {
        private static final long HOOK_WAIT_MS = 3000;

        @Option(names = "-R", description = "watch the whole subtree (a persistent recursive watch)")
        boolean recursive;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            checkedPath(path);
            ZkClient zk = connector.client();
            BlockingQueue<ClientCodec.Notification> events = new LinkedBlockingQueue<>();
            Consumer<ClientCodec.Notification> previous = connector.watchSink(events::add);
            Thread hook = stopOnShutdown(Thread.currentThread(), connector);
            try {
                zk.addWatch(path, recursive);
                err.println("watching " + path + (recursive ? " and its subtree" : "") + "; Ctrl-C to stop");
                err.flush();
                return printUntilInterrupted(zk, events, out);
            } finally {
                connector.watchSink(previous);
                removeHook(hook);
            }
        }

        private int printUntilInterrupted(ZkClient zk, BlockingQueue<ClientCodec.Notification> events,
                                          PrintWriter out) throws ConnectionException {
            try {
                while (true) {
                    ClientCodec.Notification n = events.take();
                    if (n.type() == EventType.NONE) {
                        String lost = zk.connection().lostReason();
                        if (lost != null) {
                            throw new ConnectionException("connection to " + zk.connection().server() + " lost: " + lost);
                        }
                        continue;
                    }
                    out.println(Text.eventName(n.type()) + " " + n.path());
                    out.flush();
                }
            } catch (InterruptedException e) {
                // Interruption is how a watch is stopped; the interrupt is consumed here on purpose.
                removeQuietly(zk);
                return 0;
            }
        }

        private void removeQuietly(ZkClient zk) {
            try {
                zk.removePersistentWatch(path, recursive);
            } catch (ZkException | ConnectionException | InterruptedException e) {
                // The session is closed next anyway (one-shot), or the watch dies with the connection.
            }
        }

        /** A one-shot cli ends by SIGINT: interrupt the watch and let it close the session first. */
        private static Thread stopOnShutdown(Thread watcher, Connector connector) {
            Thread hook = new Thread(() -> {
                watcher.interrupt();
                try {
                    watcher.join(HOOK_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                connector.close();
            }, "paddock-cli-watch-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return hook;
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running and finishes by itself.
            }
        }
    }
}
