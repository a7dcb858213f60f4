package io.paddock.node.tools;

import io.paddock.model.Zxid;
import io.paddock.storage.DataLayout;
import io.paddock.storage.LogInspector;
import io.paddock.storage.SnapshotHeader;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.paddock.tree.SnapshotFormatException;
import io.paddock.tree.TreeSnapshot;
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
 * {@code paddock verify DATA_DIR [--log-dir DIR]}: checks every snapshot (whole-file CRC32C and
 * the digest of the rebuilt tree) and every log record (CRC32C, zxid order, segment headers),
 * and that the log continues the newest valid snapshot. Prints one line per file and a summary.
 * Exit 0 when everything is good (a torn tail of the newest segment, which recovery truncates,
 * is a warning), 1 otherwise; each damage line names the file and offset. Read-only.
 */
@Command(name = "verify", description = "Check every snapshot and log record of a data directory.")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DATA_DIR", description = "the node's dataDir")
    Path dataDir;

    @Option(names = "--log-dir", description = "the node's dataLogDir (default: DATA_DIR)")
    Path logDir;

    private PrintWriter out;
    private int damaged;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        long newestSnapshot = checkSnapshots();
        List<Path> segments = LogInspector.segmentFiles(DataLayout.logDir(dataDir, logDir));
        long records = checkSegments(segments, newestSnapshot);
        out.println((damaged == 0 ? "OK" : "DAMAGED") + ": " + segments.size() + " log segments, " + records
                + " records; " + damaged + " problem(s)");
        out.flush();
        return damaged == 0 ? 0 : 1;
    }

    /** Returns the zxid of the newest valid snapshot, 0 if none. */
    private long checkSnapshots() throws IOException {
        long newestValid = -1;
        List<SnapshotStore.SnapshotFile> files = SnapshotStore.list(DataLayout.snapshotDir(dataDir));
        for (SnapshotStore.SnapshotFile file : files) {
            try {
                SnapshotHeader header = SnapshotStore.verify(file.path());
                DataTree tree;
                try (SnapshotStore.BodyReader body = SnapshotStore.openBody(file.path(), header)) {
                    tree = TreeSnapshot.read(body::read, file.path().toString());
                }
                out.println("ok " + file.path() + ": zxid " + Zxid.hex(header.zxid()) + ", " + tree.nodeCount()
                        + " znodes, digest 0x" + Long.toHexString(tree.digest()));
                newestValid = Math.max(newestValid, header.zxid());
            } catch (IOException | SnapshotFormatException e) {
                out.println("DAMAGE " + e.getMessage());
                damaged++;
            }
        }
        out.println(files.size() + " snapshot(s)");
        return Math.max(newestValid, 0);
    }

    private long checkSegments(List<Path> segments, long snapshotZxid) throws IOException {
        long records = 0;
        long previousLast = 0;
        boolean continuityChecked = snapshotZxid == 0 && segments.isEmpty();
        for (int i = 0; i < segments.size(); i++) {
            Path file = segments.get(i);
            boolean newest = i == segments.size() - 1;
            long[] firstAfter = {0};
            LogInspector.Segment segment = LogInspector.scan(file, (offset, record) -> {
                if (firstAfter[0] == 0 && record.zxid() > snapshotZxid) firstAfter[0] = record.zxid();
            });
            records += segment.records();
            String summary = file + ": " + segment.records() + " records " + Zxid.hex(segment.firstZxid()) + ".."
                    + Zxid.hex(segment.lastZxid());
            if (segment.problem() == null) {
                out.println("ok " + summary);
            } else if (newest && segment.problem().tornTail()) {
                out.println("warning " + summary + "; torn tail at offset " + segment.problem().offset()
                        + " (recovery truncates it): " + segment.problem().reason());
            } else {
                damage(segment.problem().toString());
            }
            if (segment.records() > 0 && segment.firstZxid() <= previousLast) {
                damage(file + " at offset 0: first zxid " + Zxid.hex(segment.firstZxid()) + " not after "
                        + Zxid.hex(previousLast) + " of the previous segment");
            }
            previousLast = Math.max(previousLast, segment.lastZxid());
            if (!continuityChecked && firstAfter[0] != 0) {
                continuityChecked = true;
                checkContinues(snapshotZxid, firstAfter[0], file);
            }
        }
        return records;
    }

    private void checkContinues(long snapshotZxid, long firstZxid, Path file) {
        boolean next = firstZxid == snapshotZxid + 1;
        boolean newEpoch = Zxid.counter(firstZxid) == 1 && Zxid.epoch(firstZxid) > Zxid.epoch(snapshotZxid);
        if (!next && !newEpoch) {
            damage(file + ": the log after snapshot " + Zxid.hex(snapshotZxid) + " starts at " + Zxid.hex(firstZxid)
                    + " (records missing)");
        }
    }

    private void damage(String line) {
        out.println("DAMAGE " + line);
        damaged++;
    }
}
