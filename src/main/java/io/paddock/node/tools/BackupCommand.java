package io.paddock.node.tools;

import io.paddock.model.Zxid;
import io.paddock.storage.Backup;
import io.paddock.storage.DataLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code paddock backup --data-dir D [--log-dir L] --to DIR}: copies the newest valid snapshot
 * and the log after it out of a data directory, safely while a node is running on it
 * ({@link Backup}). Every write acknowledged before the command started is in the backup.
 * {@code DIR} must be empty or absent; it becomes a data directory a node can start from.
 */
@Command(name = "backup", description = "Copy a consistent snapshot plus log out of a (running) node's data directory.")
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "the node's dataDir")
    Path dataDir;

    @Option(names = "--log-dir", description = "the node's dataLogDir (default: the data dir)")
    Path logDir;

    @Option(names = "--to", required = true, description = "an empty directory for the backup")
    Path to;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Backup.Summary summary = Backup.backup(dataDir, DataLayout.snapshotDir(dataDir),
                DataLayout.logDir(dataDir, logDir), to);
        summary.notes().forEach(note -> out.println("note: " + note));
        out.println("backed up snapshot " + (summary.snapshot() == null ? "(none)" : summary.snapshot().getFileName())
                + " at " + Zxid.hex(summary.snapshotZxid()) + " and " + summary.segments().size()
                + " log segment(s) up to " + Zxid.hex(summary.lastZxid()) + " into " + to);
        out.flush();
        return 0;
    }
}
