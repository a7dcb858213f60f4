package io.paddock.node.tools;

import io.paddock.model.Zxid;
import io.paddock.storage.SnapshotHeader;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.paddock.tree.SessionInfo;
import io.paddock.tree.SnapshotFormatException;
import io.paddock.tree.TreeSnapshot;
import io.paddock.tree.Znode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paddock snapshot-dump FILE}: checks a snapshot file (CRC32C), prints its header, one
 * line per znode (path, every stat field, data length, ephemeral owner), the sessions, and the
 * digest, which it checks against the rebuilt tree. Exit 0, or 1 if the file is damaged.
 * Runs on the calling thread; memory for one rebuilt tree.
 */
@Command(name = "snapshot-dump", description = "Print the header, znodes, sessions and digest of a snapshot file.")
public final class SnapshotDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a snapshot file")
    Path file;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SnapshotHeader header = SnapshotStore.verify(file);
            out.println("# snapshot " + file + ": server " + header.serverId() + ", zxid " + Zxid.hex(header.zxid())
                    + ", epoch " + header.epoch() + ", body " + header.bodyBytes() + " bytes, CRC32C ok");
            try (SnapshotStore.BodyReader body = SnapshotStore.openBody(file, header)) {
                TreeSnapshot.scan(body::read, file.toString(), new Printer(out));
            }
            DataTree tree;
            try (SnapshotStore.BodyReader body = SnapshotStore.openBody(file, header)) {
                tree = TreeSnapshot.read(body::read, file.toString());
            }
            out.println("# digest 0x" + Long.toHexString(tree.digest()) + " matches the rebuilt tree ("
                    + tree.nodeCount() + " znodes, " + tree.sessionCount() + " sessions)");
            return 0;
        } catch (IOException | SnapshotFormatException e) {
            out.println("# DAMAGE " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    /** One line per znode and per session. */
    private record Printer(PrintWriter out) implements TreeSnapshot.Visitor {
        @Override
        public void header(long lastZxid, long digest, int nodeCount, int sessionCount) {
            out.println("# tree at " + Zxid.hex(lastZxid) + ": " + nodeCount + " znodes, " + sessionCount
                    + " sessions, stored digest 0x" + Long.toHexString(digest));
        }

        @Override
        public void node(String path, Znode n) {
            out.println(path + " czxid " + Zxid.hex(n.czxid()) + " mzxid " + Zxid.hex(n.mzxid()) + " pzxid "
                    + Zxid.hex(n.pzxid()) + " ctime " + n.ctime() + " mtime " + n.mtime() + " version " + n.version()
                    + " cversion " + n.cversion() + " aversion " + n.aversion() + " numChildren " + n.numChildren()
                    + " " + TxnText.owner(n.ephemeralOwner()) + " dataLength "
                    + (n.data() == null ? 0 : n.data().length) + " acl " + TxnText.acl(n.acl()));
        }

        @Override
        public void session(SessionInfo s) {
            out.println("session 0x" + Long.toHexString(s.sessionId()) + " timeout " + s.timeoutMs() + " ms");
        }
    }
}
