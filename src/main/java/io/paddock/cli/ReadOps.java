package io.paddock.cli;

import io.paddock.model.Response;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cli's reading commands: {@code ls}, {@code get}, {@code stat}, {@code getAcl},
 * {@code sync}, {@code tree}. Each is a picocli subcommand of {@link CliCommand} with zkCli's
 * flags; output goes to stdout in shapes a script can read (data alone, one child per line).
 * Stateless apart from the parsed options; runs on the command's thread.
 */
final class ReadOps {
    private ReadOps() {}

    @Command(name = "ls", description = "List the children of a znode, one per line (sorted).")
    static final class Ls extends ZkOp {
        @Option(names = "-s", description = "print the znode's Stat after the children")
        boolean withStat;

        @Option(names = "-w", description = "leave a child watch on the znode")
        boolean watch;

        @Option(names = "-R", description = "list the whole subtree, one full path per line, depth first")
        boolean recursive;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            checkedPath(path);
            if (recursive && withStat) {
                throw usage("-R cannot be combined with -s");
            }
            ZkClient zk = connector.client();
            if (recursive) {
                for (String p : Subtree.paths(zk, path, watch)) {
                    out.println(p);
                }
                return 0;
            }
            Response.Children children = zk.getChildren(path, watch, withStat);
            children.children().forEach(out::println);
            if (withStat) {
                Text.printStat(out, children.stat());
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Print a znode's data (as UTF-8 text).")
    static final class Get extends ZkOp {
        @Option(names = "-s", description = "print the znode's Stat after the data")
        boolean withStat;

        @Option(names = "-w", description = "leave a data watch on the znode")
        boolean watch;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            Response.Data data = connector.client().getData(checkedPath(path), watch);
            out.println(Text.data(data.data()));
            if (withStat) {
                Text.printStat(out, data.stat());
            }
            return 0;
        }
    }

    @Command(name = "stat", description = "Print a znode's Stat, in zkCli's lines.")
    static final class StatCommand extends ZkOp {
        @Option(names = "-w", description = "leave an exists watch on the znode")
        boolean watch;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            Text.printStat(out, connector.client().exists(checkedPath(path), watch));
            return 0;
        }
    }

    @Command(name = "getAcl", description = "Print a znode's ACL, in zkCli's lines ('world,'anyone then : cdrwa).")
    static final class GetAcl extends ZkOp {
        @Option(names = "-s", description = "print the znode's Stat after the ACL")
        boolean withStat;

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            Response.AclList acl = connector.client().getAcl(checkedPath(path));
            Text.printAcls(out, acl.acl());
            if (withStat) {
                Text.printStat(out, acl.stat());
            }
            return 0;
        }
    }

    @Command(name = "sync", description = "Wait until the server has applied everything committed before it.")
    static final class Sync extends ZkOp {
        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            connector.client().sync(checkedPath(path));
            out.println("Sync is OK");
            return 0;
        }
    }

    @Command(name = "tree", description = "Draw the subtree under a znode.")
    static final class Tree extends ZkOp {
        /**
         * Box-drawing lines where the console's charset has them (picocli writes stdout in the
         * default charset); plain ASCII where it has not, rather than question marks.
         */
        private static final boolean BOX = Charset.defaultCharset().newEncoder().canEncode("├└│─");

        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(Connector connector, PrintWriter out, PrintWriter err)
                throws ZkException, ConnectionException, InterruptedException {
            for (Subtree.Node n : Subtree.nodes(connector.client(), checkedPath(path), false)) {
                out.println(n.depth() == 0 ? n.path() : line(n));
            }
            return 0;
        }

        private static String line(Subtree.Node n) {
            String branch = n.last() ? (BOX ? "└── " : "`-- ") : (BOX ? "├── " : "|-- ");
            String indent = BOX ? n.indent() : n.indent().replace('│', '|');
            return indent + branch + n.name();
        }
    }
}
