package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.CreateMode;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.ErrorCode;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ZooKeeper's {@code PrepRequestProcessor} as a function: a write request, validated against the
 * applied tree plus the {@link PendingChanges} overlay, becomes the {@link Txn} to log and apply
 * (every derived value resolved: sequential suffix, expanded ACL, owner encoding, new version),
 * or a {@link Txn.Error} carrying the client error. Failed writes consume their zxid too.
 * On success the overlay records the speculative effect, so pipelined requests (create /a then
 * create /a/b, two sequential creates under one parent) plan against it.
 *
 * <p>Checks run in ZooKeeper 3.9.5's order (zk-protocol.md 7.2); the first failing one wins.
 * Session check: UNKNOWNSESSION for a session nobody knows, SESSIONEXPIRED for one with a pending
 * closeSession; session 0 (the node's own reaper) is not checked.
 *
 * <p>Stateless; runs on the proposer's thread, the owner of the overlay.
 */
public final class Planner {
    private static final int ANY_VERSION = -1;

    private Planner() {}

    /** The txn for one write request; {@code ctx.zxid()} is the zxid it will be logged with. */
    public static Txn plan(TreeView tree, PendingChanges pending, PlanContext ctx, Request request) {
        return switch (request.opcode()) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    create(tree, pending, ctx, (Request.Create) request);
            case OpCode.DELETE -> delete(tree, pending, ctx, (Request.Delete) request);
            case OpCode.DELETE_CONTAINER -> deleteContainer(tree, pending, ctx, (Request.DeleteContainer) request);
            case OpCode.SET_DATA -> setData(tree, pending, ctx, (Request.SetData) request);
            case OpCode.SET_ACL -> setAcl(tree, pending, ctx, (Request.SetAcl) request);
            // A top-level check is not a ZooKeeper request (only a multi sub-op).
            case OpCode.CHECK -> new Txn.Error(ErrorCode.UNIMPLEMENTED);
            case OpCode.MULTI -> multi(tree, pending, ctx, (Request.Multi) request);
            case OpCode.CREATE_SESSION -> createSession(pending, ctx, (Request.CreateSession) request);
            case OpCode.CLOSE_SESSION -> closeSession(tree, pending, ctx);
            default -> throw new IllegalStateException("not a write request: " + request);
        };
    }

    // ---- multi ---------------------------------------------------------------------------

    /**
     * Plans the ops in order, each against the overlay that includes the earlier ones, all with
     * one zxid. On the first failure the overlay is rolled back and the result is one error per
     * op: OK before the failing op, its code, RUNTIMEINCONSISTENCY after.
     */
    private static Txn multi(TreeView tree, PendingChanges pending, PlanContext ctx, Request.Multi multi) {
        List<Request> ops = multi.ops();
        List<Txn> txns = new ArrayList<>(ops.size());
        pending.beginMulti();
        boolean committed = false;
        try {
            for (int i = 0, n = ops.size(); i < n; i++) {
                Txn txn = subOp(tree, pending, ctx, ops.get(i));
                if (txn instanceof Txn.Error error) {
                    pending.rollbackMulti();
                    committed = true;
                    return failedMulti(n, i, error.err());
                }
                txns.add(txn);
            }
            pending.commitMulti();
            committed = true;
            return new Txn.Multi(txns);
        } finally {
            if (!committed) {
                pending.rollbackMulti();
            }
        }
    }

    private static Txn subOp(TreeView tree, PendingChanges pending, PlanContext ctx, Request op) {
        if (op instanceof Request.Create create) {
            return create(tree, pending, ctx, create);
        } else if (op instanceof Request.Delete delete) {
            return delete(tree, pending, ctx, delete);
        } else if (op instanceof Request.SetData setData) {
            return setData(tree, pending, ctx, setData);
        } else if (op instanceof Request.Check check) {
            return check(tree, pending, ctx, check);
        }
        // The decoder answers MARSHALLINGERROR for op types a multi cannot hold; anything that
        // still gets here is refused without touching state.
        return new Txn.Error(ErrorCode.BADARGUMENTS);
    }

    private static Txn failedMulti(int opCount, int failedIndex, int err) {
        List<Txn> results = new ArrayList<>(opCount);
        for (int i = 0; i < opCount; i++) {
            int code = i < failedIndex ? ErrorCode.OK
                    : i == failedIndex ? err : ErrorCode.RUNTIMEINCONSISTENCY;
            results.add(new Txn.Error(code));
        }
        return new Txn.Multi(results);
    }

    // ---- create ---------------------------------------------------------------------------

    private static Txn create(TreeView tree, PendingChanges pending, PlanContext ctx, Request.Create request) {
        CreateMode mode = CreateMode.fromFlag(request.flags());
        if (mode == null) {
            return error(ErrorCode.BADARGUMENTS);
        }
        int modeError = checkMode(mode, request, ctx);
        if (modeError != ErrorCode.OK) {
            return error(modeError);
        }
        int sessionError = checkSession(tree, pending, ctx);
        if (sessionError != ErrorCode.OK) {
            return error(sessionError);
        }
        String path = request.path();
        if (!hasParent(path)) {
            return error(ErrorCode.BADARGUMENTS);
        }
        List<Acl> acl = AclPolicy.fixup(request.acl(), ctx.authIds());
        if (acl == null) {
            return error(ErrorCode.INVALIDACL);
        }
        String parentPath = parentOf(path);
        Znode parent = pending.node(tree, parentPath);
        if (parent == null) {
            return error(ErrorCode.NONODE);
        }
        if (!Acls.permits(parent.acl(), ctx.authIds(), Perms.CREATE)) {
            return error(ErrorCode.NOAUTH);
        }
        String fullPath = mode.sequential ? withSequenceSuffix(path, parent.cversion()) : path;
        if (!PathValidator.isValid(fullPath)) {
            return error(ErrorCode.BADARGUMENTS);
        }
        if (pending.node(tree, fullPath) != null) {
            return error(ErrorCode.NODEEXISTS);
        }
        if (EphemeralOwner.isEphemeral(parent.ephemeralOwner())) {
            return error(ErrorCode.NOCHILDRENFOREPHEMERALS);
        }
        long owner = ownerFor(request, mode, ctx.sessionId());
        long zxid = ctx.zxid();
        pending.putNode(zxid, parentPath, withChildAdded(parent, zxid));
        pending.putNode(zxid, fullPath, new Znode(request.data(), acl, zxid, zxid, ctx.timeMs(), ctx.timeMs(),
                0, 0, 0, owner, zxid, 0));
        return new Txn.Create(fullPath, request.data(), acl, owner);
    }

    /**
     * TTL rules (zk-protocol.md 6.4, {@code EphemeralType.validateTTL}): a TTL mode needs
     * extended types (UNIMPLEMENTED) and 0 &lt; ttl &lt;= 0xFFFFFFFFFF; other modes must carry no
     * ttl (ttl &lt; 0). A non-TTL mode through createTTL(21) is refused whatever its ttl: with a
     * negative ttl ZooKeeper would accept it at prep and then fail applying it.
     */
    private static int checkMode(CreateMode mode, Request.Create request, PlanContext ctx) {
        long ttl = request.ttl();
        if (mode.isTtl()) {
            if (!ctx.extendedTypesEnabled()) {
                return ErrorCode.UNIMPLEMENTED;
            }
            return ttl > 0 && ttl <= EphemeralOwner.TTL_MAX_MS ? ErrorCode.OK : ErrorCode.BADARGUMENTS;
        }
        if (ttl >= 0 || request.opcode() == OpCode.CREATE_TTL) {
            return ErrorCode.BADARGUMENTS;
        }
        return ErrorCode.OK;
    }

    /**
     * The stored owner. As in ZooKeeper's apply, the opcode decides containers and TTL nodes
     * (createContainer always makes a container, createTTL a TTL node), and otherwise the mode's
     * ephemeral flag decides between the session and 0.
     */
    private static long ownerFor(Request.Create request, CreateMode mode, long sessionId) {
        if (request.opcode() == OpCode.CREATE_CONTAINER) {
            return EphemeralOwner.CONTAINER;
        }
        if (request.opcode() == OpCode.CREATE_TTL) {
            return EphemeralOwner.ttl(request.ttl());
        }
        return mode.ephemeral ? sessionId : 0;
    }

    /**
     * {@code path} followed by the parent's internal cversion as {@code %010d}: ten digits,
     * zero padded, a negative number keeping its sign inside the width ({@code -000000001});
     * Integer.MIN_VALUE is eleven characters, as String.format prints it.
     */
    static String withSequenceSuffix(String path, int counter) {
        StringBuilder out = new StringBuilder(path.length() + 11).append(path);
        int width = 10;
        long magnitude = counter;
        if (counter < 0) {
            out.append('-');
            width = 9;
            magnitude = -magnitude;
        }
        String digits = Long.toString(magnitude);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }

    // ---- delete ---------------------------------------------------------------------------

    private static Txn delete(TreeView tree, PendingChanges pending, PlanContext ctx, Request.Delete request) {
        int sessionError = checkSession(tree, pending, ctx);
        if (sessionError != ErrorCode.OK) {
            return error(sessionError);
        }
        String path = request.path();
        if (!hasParent(path) || isBuiltIn(path)) {
            return error(ErrorCode.BADARGUMENTS);
        }
        String parentPath = parentOf(path);
        Znode parent = pending.node(tree, parentPath);
        if (parent == null) {
            return error(ErrorCode.NONODE);
        }
        // DELETE on the parent is checked before the node's existence, as ZooKeeper does.
        if (!Acls.permits(parent.acl(), ctx.authIds(), Perms.DELETE)) {
            return error(ErrorCode.NOAUTH);
        }
        Znode node = pending.node(tree, path);
        if (node == null) {
            return error(ErrorCode.NONODE);
        }
        if (!versionMatches(request.version(), node.version())) {
            return error(ErrorCode.BADVERSION);
        }
        if (node.numChildren() > 0) {
            return error(ErrorCode.NOTEMPTY);
        }
        recordDelete(pending, ctx.zxid(), parentPath, parent, path);
        return new Txn.Delete(path);
    }

    /**
     * The reaper's delete: no session check; the node must exist, have no children (pending
     * creates included) and be a container or TTL node. ZooKeeper answers BADVERSION for an
     * ephemeral here and would delete a plain persistent node; we answer BADVERSION for both, so
     * that a node recreated as persistent while the reaper decided is never reaped.
     */
    private static Txn deleteContainer(TreeView tree, PendingChanges pending, PlanContext ctx,
                                       Request.DeleteContainer request) {
        String path = request.path();
        if (!hasParent(path) || isBuiltIn(path)) {
            return error(ErrorCode.BADARGUMENTS);
        }
        Znode node = pending.node(tree, path);
        if (node == null) {
            return error(ErrorCode.NONODE);
        }
        if (node.numChildren() > 0) {
            return error(ErrorCode.NOTEMPTY);
        }
        long owner = node.ephemeralOwner();
        if (!EphemeralOwner.isContainer(owner) && !EphemeralOwner.isTtl(owner)) {
            return error(ErrorCode.BADVERSION);
        }
        String parentPath = parentOf(path);
        Znode parent = pending.node(tree, parentPath);
        if (parent == null) {
            throw new IllegalStateException("node " + path + " exists but its parent does not");
        }
        recordDelete(pending, ctx.zxid(), parentPath, parent, path);
        return new Txn.Delete(path);
    }

    private static void recordDelete(PendingChanges pending, long zxid, String parentPath, Znode parent,
                                     String path) {
        pending.putNode(zxid, parentPath, withChildRemoved(parent, zxid));
        pending.putNode(zxid, path, null);
    }

    // ---- setData, setACL, check -------------------------------------------------------------

    private static Txn setData(TreeView tree, PendingChanges pending, PlanContext ctx, Request.SetData request) {
        String path = request.path();
        int err = sessionAndPath(tree, pending, ctx, path);
        if (err != ErrorCode.OK) {
            return error(err);
        }
        Target target = existing(tree, pending, ctx, path, Perms.WRITE);
        if (target.err() != ErrorCode.OK) {
            return error(target.err());
        }
        Znode node = target.node();
        if (!versionMatches(request.version(), node.version())) {
            return error(ErrorCode.BADVERSION);
        }
        int version = node.version() + 1;
        long zxid = ctx.zxid();
        pending.putNode(zxid, path, new Znode(request.data(), node.acl(), node.czxid(), zxid, node.ctime(),
                ctx.timeMs(), version, node.cversion(), node.aversion(), node.ephemeralOwner(), node.pzxid(),
                node.numChildren()));
        return new Txn.SetData(path, request.data(), version);
    }

    /**
     * setACL. The overlay takes the new ACL at once, so requests planned before it applies are
     * checked against it (ZooKeeper 3.9.5 kept the old ACL in its change record, a race later
     * fixed upstream).
     */
    private static Txn setAcl(TreeView tree, PendingChanges pending, PlanContext ctx, Request.SetAcl request) {
        String path = request.path();
        int err = sessionAndPath(tree, pending, ctx, path);
        if (err != ErrorCode.OK) {
            return error(err);
        }
        List<Acl> acl = AclPolicy.fixup(request.acl(), ctx.authIds());
        if (acl == null) {
            return error(ErrorCode.INVALIDACL); // INVALIDACL comes before NONODE, as in ZooKeeper
        }
        Target target = existing(tree, pending, ctx, path, Perms.ADMIN);
        if (target.err() != ErrorCode.OK) {
            return error(target.err());
        }
        Znode node = target.node();
        if (!versionMatches(request.version(), node.aversion())) {
            return error(ErrorCode.BADVERSION);
        }
        int aversion = node.aversion() + 1;
        pending.putNode(ctx.zxid(), path, new Znode(node.data(), acl, node.czxid(), node.mzxid(), node.ctime(),
                node.mtime(), node.version(), node.cversion(), aversion, node.ephemeralOwner(), node.pzxid(),
                node.numChildren()));
        return new Txn.SetAcl(path, acl, aversion);
    }

    private static Txn check(TreeView tree, PendingChanges pending, PlanContext ctx, Request.Check request) {
        String path = request.path();
        int err = sessionAndPath(tree, pending, ctx, path);
        if (err != ErrorCode.OK) {
            return error(err);
        }
        Target target = existing(tree, pending, ctx, path, Perms.READ);
        if (target.err() != ErrorCode.OK) {
            return error(target.err());
        }
        if (!versionMatches(request.version(), target.node().version())) {
            return error(ErrorCode.BADVERSION);
        }
        return new Txn.Check(path);
    }

    /** The first checks of setData, setACL and check, in ZooKeeper's order: session, then path syntax. */
    private static int sessionAndPath(TreeView tree, PendingChanges pending, PlanContext ctx, String path) {
        int sessionError = checkSession(tree, pending, ctx);
        if (sessionError != ErrorCode.OK) {
            return sessionError;
        }
        return PathValidator.isValid(path) ? ErrorCode.OK : ErrorCode.BADARGUMENTS;
    }

    /** The node as it will be once pending changes apply, or NONODE / NOAUTH, in that order. */
    private record Target(int err, Znode node) {}

    private static Target existing(TreeView tree, PendingChanges pending, PlanContext ctx, String path, int perm) {
        Znode node = pending.node(tree, path);
        if (node == null) {
            return new Target(ErrorCode.NONODE, null);
        }
        if (!Acls.permits(node.acl(), ctx.authIds(), perm)) {
            return new Target(ErrorCode.NOAUTH, null);
        }
        return new Target(ErrorCode.OK, node);
    }

    // ---- sessions ---------------------------------------------------------------------------

    private static Txn createSession(PendingChanges pending, PlanContext ctx, Request.CreateSession request) {
        long sessionId = ctx.sessionId();
        if (sessionId == 0 || sessionId == Long.MIN_VALUE) {
            throw new IllegalStateException("invalid new session id " + Long.toHexString(sessionId));
        }
        pending.putCreatedSession(ctx.zxid(), new SessionInfo(sessionId, request.timeoutMs(), request.passwd()));
        return new Txn.CreateSession(sessionId, request.timeoutMs(), request.passwd());
    }

    /**
     * closeSession: no session check (the expirer sends it too). Every speculative ephemeral of
     * the session becomes a pending delete, so its parent's child count drops and a create of
     * the same path planned after the close sees it absent; the session is closing from now on.
     */
    private static Txn closeSession(TreeView tree, PendingChanges pending, PlanContext ctx) {
        long sessionId = ctx.sessionId();
        if (sessionId == 0) {
            throw new IllegalStateException("closeSession without a session");
        }
        Set<String> ephemerals = pending.ephemeralsOf(tree, sessionId);
        long zxid = ctx.zxid();
        for (String path : ephemerals) {
            String parentPath = parentOf(path);
            Znode parent = pending.node(tree, parentPath);
            if (parent == null) {
                throw new IllegalStateException("ephemeral " + path + " has no parent");
            }
            recordDelete(pending, zxid, parentPath, parent, path);
        }
        pending.putClosingSession(zxid, sessionId);
        return new Txn.CloseSession(sessionId);
    }

    // ---- shared checks and helpers ------------------------------------------------------

    private static int checkSession(TreeView tree, PendingChanges pending, PlanContext ctx) {
        return ctx.sessionId() == 0 ? ErrorCode.OK : pending.checkSession(tree, ctx.sessionId());
    }

    /** ZooKeeper's first path test for create and delete: a '/' somewhere and no NUL. */
    private static boolean hasParent(String path) {
        return path != null && path.lastIndexOf('/') >= 0 && path.indexOf('\0') < 0;
    }

    /** Text before the last '/'; the root for top-level names (ZooKeeper's "" is our "/"). */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The nodes that can never be deleted (zk-protocol.md 8.2). */
    static boolean isBuiltIn(String path) {
        return switch (path) {
            case "/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config" -> true;
            default -> false;
        };
    }

    private static boolean versionMatches(int expected, int current) {
        return expected == ANY_VERSION || expected == current;
    }

    private static Znode withChildAdded(Znode parent, long zxid) {
        return new Znode(parent.data(), parent.acl(), parent.czxid(), parent.mzxid(), parent.ctime(), parent.mtime(),
                parent.version(), parent.cversion() + 1, parent.aversion(), parent.ephemeralOwner(), zxid,
                parent.numChildren() + 1);
    }

    private static Znode withChildRemoved(Znode parent, long zxid) {
        if (parent.numChildren() <= 0) {
            throw new IllegalStateException("removing a child from a node with " + parent.numChildren());
        }
        return new Znode(parent.data(), parent.acl(), parent.czxid(), parent.mzxid(), parent.ctime(), parent.mtime(),
                parent.version(), parent.cversion(), parent.aversion(), parent.ephemeralOwner(), zxid,
                parent.numChildren() - 1);
    }

    private static Txn.Error error(int err) {
        return new Txn.Error(err);
    }
}
