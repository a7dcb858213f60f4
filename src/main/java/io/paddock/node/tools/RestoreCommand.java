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
 * {@code paddock restore --from DIR --data-dir NEW [--log-dir L]}: checks a backup (snapshot
 * CRC, every log record) and lays it out as a new node's data directory. Refuses to write into
 * non-empty snapshot or log directories.
 */
@Command(name = "restore", description = "Lay out a backup as the data directory of a new node.")
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "a directory written by backup")
    Path from;

    @Option(names = "--data-dir", required = true, description = "the new node's dataDir")
    Path dataDir;

    @Option(names = "--log-dir", description = "the new node's dataLogDir (default: the data dir)")
    Path logDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Backup.Summary summary = Backup.restore(from, DataLayout.snapshotDir(dataDir),
                DataLayout.logDir(dataDir, logDir), dataDir);
        out.println("restored snapshot at " + Zxid.hex(summary.snapshotZxid()) + " and " + summary.segments().size()
                + " log segment(s) up to " + Zxid.hex(summary.lastZxid()) + " into " + dataDir);
        out.flush();
        return 0;
    }
}
