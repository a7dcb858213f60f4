package io.paddock.storage;

import java.nio.file.Path;

/**
 * Where a node keeps its files (docs/storage.md): snapshots in {@code <dataDir>/snapshots}, the
 * txn log in {@code <dataLogDir>/log}, the log directory defaulting to the data directory. One
 * place for the node, backup/restore and the command-line tools.
 */
public final class DataLayout {
    public static final String SNAPSHOTS = "snapshots";
    public static final String LOG = "log";

    private DataLayout() {}

    public static Path snapshotDir(Path dataDir) {
        return dataDir.resolve(SNAPSHOTS);
    }

    /** The log directory under {@code dataLogDir}, or under {@code dataDir} when that is null. */
    public static Path logDir(Path dataDir, Path dataLogDir) {
        return (dataLogDir == null ? dataDir : dataLogDir).resolve(LOG);
    }
}
