package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Read requests served from an applied tree, as a pure function: the checks run in ZooKeeper's
 * order (zk-protocol.md 7.2) and client errors come back as codes. Watches are not this class's
 * business; the caller registers them from the request and the reply's err. Child lists and
 * ephemeral lists are returned sorted, so replies are deterministic. Stateless.
 */
public final class Reads {
    private Reads() {}

    /** {@code err} 0 with a body, or an error code with a null body. */
    public record Reply(int err, Response response) {
        static Reply error(int err) {
            return new Reply(err, null);
        }
    }

    /**
     * Serves one read for session {@code sessionId} whose connection holds {@code ids}.
     * Throws IllegalStateException for requests that are not reads.
     */
    public static Reply read(DataTree tree, long sessionId, List<Id> ids, Request req) {
        if (req instanceof Request.GetData r) {
            return getData(tree, ids, r.path());
        } else if (req instanceof Request.Exists r) {
            return exists(tree, ids, r.path());
        } else if (req instanceof Request.GetChildren r) {
            return getChildren(tree, ids, r.path(), r.withStat());
        } else if (req instanceof Request.GetAcl r) {
            return getAcl(tree, ids, r.path());
        } else if (req instanceof Request.GetAllChildrenNumber r) {
            Znode node = tree.node(r.path());
            if (node == null) {
                return Reply.error(ErrorCode.NONODE);
            }
            if (!Acls.permits(node.acl(), ids, Perms.READ)) {
                return Reply.error(ErrorCode.NOAUTH);
            }
            return new Reply(0, new Response.Count(tree.allChildrenNumber(r.path())));
        } else if (req instanceof Request.GetEphemerals r) {
            return new Reply(0, new Response.Paths(ephemerals(tree, sessionId, r.prefixPath())));
        } else if (req instanceof Request.MultiRead r) {
            return new Reply(0, multiRead(tree, ids, r));
        } else if (req instanceof Request.Sync r) {
            return new Reply(0, new Response.SyncPath(r.path()));
        }
        throw new IllegalStateException("not a read request: " + req);
    }

    private static Reply exists(DataTree tree, List<Id> ids, String path) {
        if (path.indexOf('\u0000') >= 0) {
            return Reply.error(ErrorCode.BADARGUMENTS);
        }
        Znode node = tree.node(path);
        if (node == null) {
            return Reply.error(ErrorCode.NONODE);
        }
        if (!Acls.permits(node.acl(), ids, Perms.READ)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        return new Reply(0, new Response.StatOnly(node.stat()));
    }

    private static Reply getData(DataTree tree, List<Id> ids, String path) {
        Znode node = tree.node(path);
        if (node == null) {
            return Reply.error(ErrorCode.NONODE);
        }
        if (!Acls.permits(node.acl(), ids, Perms.READ)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        return new Reply(0, new Response.Data(node.data(), node.stat()));
    }

    private static Reply getChildren(DataTree tree, List<Id> ids, String path, boolean withStat) {
        Znode node = tree.node(path);
        if (node == null) {
            return Reply.error(ErrorCode.NONODE);
        }
        if (!Acls.permits(node.acl(), ids, Perms.READ)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        return new Reply(0, new Response.Children(sorted(tree.childNames(path)), withStat ? node.stat() : null));
    }

    private static Reply getAcl(DataTree tree, List<Id> ids, String path) {
        Znode node = tree.node(path);
        if (node == null) {
            return Reply.error(ErrorCode.NONODE);
        }
        boolean admin = Acls.permits(node.acl(), ids, Perms.ADMIN);
        if (!admin && !Acls.permits(node.acl(), ids, Perms.READ)) {
            return Reply.error(ErrorCode.NOAUTH);
        }
        List<Acl> acl = admin ? node.acl() : redactDigests(node.acl());
        return new Reply(0, new Response.AclList(acl, node.stat()));
    }

    /** Without ADMIN a caller must not see password hashes: digest ids become {@code user:x}. */
    static List<Acl> redactDigests(List<Acl> acl) {
        List<Acl> out = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            if ("digest".equals(a.id().scheme())) {
                String id = a.id().id();
                int colon = id.indexOf(':');
                String user = colon < 0 ? id : id.substring(0, colon);
                out.add(new Acl(a.perms(), new Id("digest", user + ":x")));
            } else {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> ephemerals(DataTree tree, long sessionId, String prefix) {
        Collection<String> owned = tree.ephemeralsOf(sessionId);
        boolean all = prefix == null || prefix.isEmpty() || "/".equals(prefix);
        List<String> out = new ArrayList<>(owned.size());
        for (String path : owned) {
            if (all || path.startsWith(prefix)) {
                out.add(path);
            }
        }
        out.sort(null);
        return out;
    }

    private static Response multiRead(DataTree tree, List<Id> ids, Request.MultiRead multi) {
        List<Response.OpResult> results = new ArrayList<>(multi.ops().size());
        for (Request op : multi.ops()) {
            Reply reply;
            int type;
            if (op instanceof Request.GetData r) {
                reply = getData(tree, ids, r.path());
                type = OpCode.GET_DATA;
            } else if (op instanceof Request.GetChildren r) {
                reply = getChildren(tree, ids, r.path(), false);
                type = OpCode.GET_CHILDREN;
            } else {
                throw new IllegalStateException("op not allowed in multiRead: " + op);
            }
            results.add(reply.err() == 0
                    ? new Response.OpResult(type, 0, reply.response())
                    : new Response.OpResult(-1, reply.err(), new Response.ErrorBody(reply.err())));
        }
        return new Response.MultiResult(List.copyOf(results));
    }

    private static List<String> sorted(Collection<String> names) {
        String[] array = names.toArray(new String[0]);
        Arrays.sort(array);
        return Arrays.asList(array);
    }
}
