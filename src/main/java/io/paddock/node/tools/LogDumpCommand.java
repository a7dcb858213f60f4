package io.paddock.node.tools;

import io.paddock.model.Zxid;
import io.paddock.storage.DataLayout;
import io.paddock.storage.LogInspector;
import io.paddock.wire.TxnCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paddock log-dump DIR|FILE}: prints every record of a txn log segment (or of every
 * segment in a log directory, or in {@code DIR/log}), one line each: zxid, time, session, cxid,
 * txn type and fields. Read-only. Exit 0, or 1 if any segment is damaged (the damage is printed
 * with file and offset). Runs on the calling thread.
 */
@Command(name = "log-dump", description = "Print the records of a txn log segment or log directory.")
public final class LogDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR|FILE", description = "a log segment file, a log directory, or a data directory")
    Path target;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = segments(target);
        boolean damaged = false;
        long records = 0;
        for (Path file : files) {
            LogInspector.Segment segment = LogInspector.scan(file, (offset, record) -> {
                String text;
                try {
                    text = TxnText.entry(TxnCodec.decode(record.payload()));
                } catch (RuntimeException e) {
                    text = Zxid.hex(record.zxid()) + " type " + record.type() + " undecodable payload: " + e.getMessage();
                }
                out.println(text);
            });
            out.println("# " + file.getFileName() + ": server " + segment.serverId() + ", epoch " + segment.epoch()
                    + ", " + segment.records() + " records, " + Zxid.hex(segment.firstZxid()) + ".."
                    + Zxid.hex(segment.lastZxid()));
            records += segment.records();
            if (segment.problem() != null) {
                out.println("# DAMAGE " + segment.problem());
                damaged = true;
            }
        }
        out.println("# " + files.size() + " segments, " + records + " records");
        out.flush();
        return damaged ? 1 : 0;
    }

    /** The segment files a target names: itself, the segments in it, or those in its log/ directory. */
    static List<Path> segments(Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return List.of(target);
        }
        List<Path> files = LogInspector.segmentFiles(target);
        if (files.isEmpty() && Files.isDirectory(DataLayout.logDir(target, null))) {
            files = LogInspector.segmentFiles(DataLayout.logDir(target, null));
        }
        return files;
    }
}
