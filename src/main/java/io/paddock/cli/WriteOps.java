package io.paddock.cli;

import io.paddock.model.Acl;
import io.paddock.model.CreateMode;
import io.paddock.model.ErrorCode;
import io.paddock.model.Stat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cli's writing commands: {@code create}, {@code set}, {@code delete}, {@code deleteall},
 * {@code setAcl}, with zkCli's flags. Data arguments are sent as UTF-8 text; a version of -1
 * (the default) matches any version. Stateless apart from the parsed options; runs on the
 * command's thread.
 */
final class WriteOps {
    private WriteOps() {}

    @Command(name = "create", description = {"Create a znode and print Created PATH (the actual name for -s).",
        "ACL is zkCli's scheme:id:perms[,...] (default world:anyone:cdrwa)."})
    static final class Create extends ZkOp {
        @Option(names = "-e", description = "ephemeral: removed when the session ends (a one-shot cli's ends at once)")
        boolean ephemeral;

        @Option(names = "-s", description = "sequential: the server appends a 10-digit counter to the name")
        boolean sequential;

        @Option(names = "-c", description = "container: removed by the server once its last child is gone")
        boolean container;

        @Option(names = "-t", paramLabel = "TTL_MS", description = "TTL node: removed after TTL_MS without changes "
                + "once it has no children (needs extendedTypesEnabled=true on the server)")
        Long ttlMs;

        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DATA")
        String data;

        @Parameters(index = "2", arity = "0..1", paramLabel = "ACL")
        String acl;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            checkedPath(path);
            CreateMode mode = mode();
            List<Acl> acls = acl == null ? Acl.OPEN_ACL_UNSAFE : parsedAcl(this, acl);
            byte[] bytes = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
            try {
                out.println("Created " + connector.client().create(path, bytes, acls, mode, ttlMs == null ? -1 : ttlMs)
                        .path());
            } catch (ZkException e) {
                if (e.code() == ErrorCode.UNIMPLEMENTED && mode.isTtl()) {
                    throw new ZkException(e.code(), path, "TTL nodes are disabled on the server "
                            + "(extendedTypesEnabled=false): " + path);
                }
                throw e;
            }
            return 0;
        }

        /** zkCli's rules for combining the flags. */
        private CreateMode mode() {
            if (container && (ephemeral || sequential)) {
                throw usage("-c cannot be combined with -s or -e");
            }
            if (ttlMs != null) {
                if (ephemeral || container) {
                    throw usage("-t (TTL) cannot be combined with -e or -c");
                }
                if (ttlMs <= 0) {
                    throw usage("-t must be a positive number of milliseconds, not " + ttlMs);
                }
                return sequential ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_WITH_TTL;
            }
            if (container) {
                return CreateMode.CONTAINER;
            }
            if (ephemeral) {
                return sequential ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL;
            }
            return sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
        }
    }

    @Command(name = "set", description = "Replace a znode's data.")
    static final class Set extends ZkOp {
        @Option(names = "-s", description = "print the new Stat")
        boolean withStat;

        @Option(names = "-v", paramLabel = "VERSION", defaultValue = "-1",
                description = "only if the data version is VERSION (default -1: any)")
        int version;

        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "DATA")
        String data;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            Stat stat = connector.client().setData(checkedPath(path), data.getBytes(StandardCharsets.UTF_8), version);
            if (withStat) {
                Text.printStat(out, stat);
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a znode that has no children.")
    static final class Delete extends ZkOp {
        @Option(names = "-v", paramLabel = "VERSION", defaultValue = "-1",
                description = "only if the data version is VERSION (default -1: any)")
        int version;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            connector.client().delete(checkedPath(path), version);
            return 0;
        }
    }

    @Command(name = "deleteall", description = "Delete a znode and its whole subtree, children first.")
    static final class DeleteAll extends ZkOp {
        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            ZkClient zk = connector.client();
            List<String> paths = Subtree.paths(zk, checkedPath(path), false);
            // Reverse preorder puts every znode after all of its descendants.
            for (int i = paths.size() - 1; i >= 0; i--) {
                try {
                    zk.delete(paths.get(i), -1);
                } catch (ZkException e) {
                    if (e.code() != ErrorCode.NONODE) {
                        throw e;
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "setAcl", description = "Replace a znode's ACL (zkCli's scheme:id:perms[,...]).")
    static final class SetAcl extends ZkOp {
        @Option(names = "-s", description = "print the znode's new Stat")
        boolean withStat;

        @Option(names = "-v", paramLabel = "VERSION", defaultValue = "-1",
                description = "only if the ACL version is VERSION (default -1: any)")
        int version;

        @Option(names = "-R", description = "set it on the whole subtree (any version)")
        boolean recursive;

        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Parameters(index = "1", paramLabel = "ACL")
        String acl;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            checkedPath(path);
            List<Acl> acls = parsedAcl(this, acl);
            ZkClient zk = connector.client();
            Stat stat;
            if (recursive) {
                List<String> paths = Subtree.paths(zk, path, false);
                stat = zk.setAcl(path, acls, -1);
                for (String p : paths.subList(1, paths.size())) {
                    zk.setAcl(p, acls, -1);
                }
            } else {
                stat = zk.setAcl(path, acls, version);
            }
            if (withStat) {
                Text.printStat(out, stat);
            }
            return 0;
        }
    }

    private static List<Acl> parsedAcl(ZkOp op, String text) {
        try {
            return Text.parseAcls(text);
        } catch (IllegalArgumentException e) {
            throw op.usage(e.getMessage());
        }
    }
}
