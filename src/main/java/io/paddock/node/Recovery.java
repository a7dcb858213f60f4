package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.model.TxnEntry;
import io.paddock.storage.TxnLog;
import io.paddock.storage.TxnLogOptions;
import io.paddock.tree.DataTree;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the applied tree on start: replays the txn log from the empty tree. Blocking; runs
 * on a worker before the verticles are deployed.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    record Recovered(DataTree tree, DurableLog log) {}

    static Path logDir(NodeConfig config) {
        return config.dataLogDir().resolve("log");
    }

    static Recovered recover(NodeConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        Path dir = logDir(config);
        Files.createDirectories(dir);
        long started = System.nanoTime();
        TxnLog log = TxnLog.open(dir, new TxnLogOptions(config.serverId(), config.logSegmentBytesMax(),
                config.preallocateBytes(), config.forceSync()));
        log.recoveryWarnings().forEach(w -> LOG.warn("txn log recovery: {}", w));
        DataTree[] tree = {DataTree.empty()};
        long[] count = {0};
        log.replay(0, record -> {
            TxnEntry entry = TxnCodec.decode(record.payload());
            tree[0] = tree[0].apply(entry).tree();
            count[0]++;
        });
        LOG.info("recovered {} txns from {} in {} ms: last zxid 0x{}, {} znodes, {} sessions", count[0], dir,
                (System.nanoTime() - started) / 1_000_000, Long.toHexString(tree[0].lastZxid()), tree[0].nodeCount(),
                tree[0].sessionCount());
        return new Recovered(tree[0], new DurableLog(log));
    }
}
