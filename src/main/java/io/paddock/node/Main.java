package io.paddock.node;

import io.paddock.config.ConfigLoader;
import io.paddock.config.ConfigSource;
import io.paddock.config.LoadResult;
import io.paddock.config.NodeConfig;
import io.paddock.node.tools.BackupCommand;
import io.paddock.node.tools.LogDumpCommand;
import io.paddock.node.tools.PurgeCommand;
import io.paddock.node.tools.RestoreCommand;
import io.paddock.node.tools.SnapshotDumpCommand;
import io.paddock.node.tools.VerifyCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar paddock.jar [--config FILE] [--client-port N] [--client-address A]
 * [--data-dir D] [--tick-ms N] [--http-port N] [--id N]}: starts a node, standalone or, when the file lists
 * ensemble members, as the member whose id is {@code --id} (or the file's, or {@code <dataDir>/myid}). A bad configuration stops start-up
 * with every problem listed, one per line, and exit code 2.
 *
 * <p>Subcommands are the storage tools ({@code log-dump}, {@code snapshot-dump}, {@code verify},
 * {@code backup}, {@code restore}); with none, the node starts.
 */
@Command(name = "paddock", mixinStandardHelpOptions = true, version = "paddock 0.1.0",
        description = "A ZooKeeper-compatible coordination service node.",
        subcommands = {LogDumpCommand.class, SnapshotDumpCommand.class, VerifyCommand.class, BackupCommand.class,
            RestoreCommand.class, PurgeCommand.class, io.paddock.node.tools.FaultProxyCommand.class,
            io.paddock.cli.CliCommand.class})
public final class Main implements Callable<Integer> {
    /**
     * Logback reads its configuration on first use, which takes a good part of a second's start;
     * {@link #main} has it done on another thread while the command line and the configuration
     * are parsed, and {@link #call} waits for it before the first log line.
     */
    private static Thread loggingInit;

    @Option(names = "--config", description = "Paddock JSON config or a ZooKeeper zoo.cfg")
    Path configFile;

    @Option(names = "--client-port", description = "ZooKeeper protocol port (default 2181)")
    String clientPort;

    @Option(names = "--client-address", description = "address to bind (default 127.0.0.1)")
    String clientAddress;

    @Option(names = "--data-dir", description = "data directory (default ./data)")
    String dataDir;

    @Option(names = "--tick-ms", description = "tick in milliseconds (default 2000)")
    String tickMs;

    @Option(names = "--http-port", description = "HTTP admin API, health and metrics port (default 8080; 0 turns it off)")
    String httpPort;

    @Option(names = "--id", description = "this node's server id in an ensemble (overrides the file and <dataDir>/myid)")
    String id;

    public static void main(String[] args) {
        loggingInit = new Thread(LoggerFactory::getILoggerFactory, "paddock-logging-init");
        loggingInit.start();
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "client-port", clientPort);
        put(flags, "client-address", clientAddress);
        put(flags, "data-dir", dataDir);
        put(flags, "tick-ms", tickMs);
        put(flags, "http-port", httpPort);
        put(flags, "id", id);
        LoadResult result = ConfigLoader.load(new ConfigSource(configFile, flags));
        Logger log = logger();
        result.warnings().forEach(w -> log.warn("config: {}", w));
        if (!(result instanceof LoadResult.Loaded loaded)) {
            System.err.println("paddock: the configuration has " + result.errors().size() + " problem(s):");
            result.errors().forEach(e -> System.err.println("  " + e));
            return 2;
        }
        NodeConfig config = loaded.config();
        PaddockNode.start(config).onSuccess(node -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("stopping the node: {}", e.toString());
            }
        }, "paddock-shutdown"))).onFailure(cause -> {
            log.error("start-up failed: {}", cause.getMessage(), cause);
            System.exit(1);
        });
        return 0;
    }

    /** This class's logger, once logback is configured (it is never used half-initialised). */
    private static Logger logger() {
        if (loggingInit != null) {
            try {
                loggingInit.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return LoggerFactory.getLogger(Main.class);
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
