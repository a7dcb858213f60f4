package io.paddock.node.tools;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code paddock fault-proxy --control-port C (--link NAME=LISTEN_PORT:TARGET_HOST:TARGET_PORT
 * ... | --links FILE) [--exit-when-file-gone FILE]}: runs a {@link FaultProxy} for every link of a
 * local cluster until a {@code quit} on the control port, SIGTERM, or, with
 * {@code --exit-when-file-gone}, until that file is gone or names another pid (checked every
 * second), so that a proxy never outlives the cluster that wrote the file.
 *
 * <p>Runs on the main thread, which only waits and watches the file; the proxy itself runs on
 * its own one-event-loop {@link Vertx}. Exit code 0 on quit or a gone file, 1 when a port cannot
 * be bound, 2 for bad arguments.
 */
@Command(name = "fault-proxy", description = "A fault-injecting TCP proxy for the peer links of a local cluster.")
public final class FaultProxyCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxyCommand.class);
    /** How long the watched file may take to name this process after start (the script writes it after launch). */
    static final long OWNER_FILE_GRACE_MS = 10_000;
    private static final long START_TIMEOUT_S = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--control-port", required = true, paramLabel = "PORT",
            description = "control port on 127.0.0.1 (line protocol: " + ProxyControl.COMMANDS + ")")
    int controlPort;

    @Option(names = "--link", paramLabel = "NAME=LISTEN_PORT:TARGET_HOST:TARGET_PORT",
            description = "a link from node FROM to node TO, NAME = FROM-TO (repeatable)")
    List<String> links = new ArrayList<>();

    @Option(names = "--links", paramLabel = "FILE", description = "one link per line (blank lines and # comments skipped)")
    Path linksFile;

    @Option(names = "--exit-when-file-gone", paramLabel = "FILE",
            description = "exit once FILE is gone or no longer holds this process's pid")
    Path ownerFile;

    @Override
    public Integer call() throws InterruptedException {
        List<LinkSpec> specs = specs();
        PrintWriter err = spec.commandLine().getErr();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        CountDownLatch quit = new CountDownLatch(1);
        try {
            vertx.deployVerticle(new FaultProxy(specs, controlPort, quit::countDown))
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            err.println("fault-proxy: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            err.flush();
            close(vertx);
            return 1;
        }
        Thread onSigterm = new Thread(() -> {
            LOG.info("fault proxy: terminated by signal, closing");
            close(vertx);
        }, "fault-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(onSigterm);
        String why = waitForEnd(quit);
        LOG.info("fault proxy: {}, closing", why);
        try {
            Runtime.getRuntime().removeShutdownHook(onSigterm);
        } catch (IllegalStateException e) {
            // A signal's shutdown is already under way; its hook closes Vert.x.
            return 0;
        }
        close(vertx);
        return 0;
    }

    /** Every link of --link and --links, checked: names, listen ports and the control port all distinct. */
    private List<LinkSpec> specs() {
        if (controlPort < 1 || controlPort > 65535) {
            throw bad("--control-port " + controlPort + " is not in 1..65535");
        }
        List<LinkSpec> specs = new ArrayList<>();
        for (String link : links) {
            specs.add(parse(link, "--link"));
        }
        if (linksFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(linksFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw bad("--links " + linksFile + ": cannot read: " + e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    specs.add(parse(line, linksFile + ":" + (i + 1)));
                }
            }
        }
        if (specs.isEmpty()) {
            throw bad("no links: give --link NAME=LISTEN_PORT:TARGET_HOST:TARGET_PORT or --links FILE");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>(Set.of(controlPort));
        for (LinkSpec link : specs) {
            if (!names.add(link.name())) {
                throw bad("link " + link.name() + " is given twice");
            }
            if (!ports.add(link.listenPort())) {
                throw bad("link " + link.name() + ": listen port " + link.listenPort() + " is already used by another link or the control port");
            }
        }
        return specs;
    }

    private LinkSpec parse(String text, String where) {
        try {
            return LinkSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(where + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), "fault-proxy: " + message);
    }

    /** Waits for quit, or for the owner file to be gone; returns why the proxy ends. */
    private String waitForEnd(CountDownLatch quit) throws InterruptedException {
        String self = Long.toString(ProcessHandle.current().pid());
        long startedNanos = System.nanoTime();
        boolean seen = false;
        while (!quit.await(1, TimeUnit.SECONDS)) {
            if (ownerFile == null) {
                continue;
            }
            String owner = readOwner();
            if (self.equals(owner)) {
                if (!seen) {
                    LOG.info("fault proxy: {} names this process; it exits once the file is gone", ownerFile);
                }
                seen = true;
            } else if (seen) {
                return owner == null ? ownerFile + " is gone" : ownerFile + " names pid " + owner + ", not " + self;
            } else if (System.nanoTime() - startedNanos > TimeUnit.MILLISECONDS.toNanos(OWNER_FILE_GRACE_MS)) {
                return ownerFile + " did not name this process (pid " + self + ") within " + OWNER_FILE_GRACE_MS + " ms";
            }
        }
        return "quit on the control port";
    }

    private String readOwner() {
        try {
            return Files.readString(ownerFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // Missing (or unreadable, e.g. its directory was deleted): either way the owner is gone.
            return null;
        }
    }

    private static void close(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("fault proxy: closing Vert.x: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
