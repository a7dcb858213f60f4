package io.paddock.node.tools;

import io.paddock.model.Zxid;
import io.paddock.storage.DataLayout;
import io.paddock.storage.LogInspector;
import io.paddock.storage.SnapshotStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paddock purge DATA_DIR [--log-dir DIR] [--count N]}: on-demand purge, like ZooKeeper's
 * PurgeTxnLog: keeps the newest N snapshots (default 3, at least 3) and the log segments they
 * need, deletes the rest. Safe beside a running node (it never touches the newest segment or a
 * snapshot being written); a running node also purges by itself after every snapshot and on the
 * autopurge schedule.
 */
@Command(name = "purge", description = "Delete all but the newest N snapshots and the log segments they no longer need.")
public final class PurgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DATA_DIR", description = "the node's dataDir")
    Path dataDir;

    @Option(names = "--log-dir", description = "the node's dataLogDir (default: DATA_DIR)")
    Path logDir;

    @Option(names = {"-n", "--count"}, defaultValue = "3", description = "snapshots to keep (at least 3)")
    int count;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 3) {
            spec.commandLine().getErr().println("purge: --count must be at least 3, not " + count);
            return 2;
        }
        SnapshotStore store = new SnapshotStore(DataLayout.snapshotDir(dataDir), 0, true);
        int before = store.list().size();
        long oldestKept = store.purge(count);
        out.println("snapshots: kept " + Math.min(before, count) + ", deleted " + Math.max(0, before - count));
        if (oldestKept < 0) {
            out.println("log: no snapshot, every segment kept");
        } else {
            Path segments = DataLayout.logDir(dataDir, logDir);
            List<Path> deleted = LogInspector.purgeSegmentsBefore(segments, oldestKept);
            out.println("log: deleted " + deleted.size() + " segment(s) wholly at or below " + Zxid.hex(oldestKept));
            deleted.forEach(p -> out.println("  " + p.getFileName()));
        }
        out.flush();
        return 0;
    }
}
