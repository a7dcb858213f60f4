package io.paddock.node;

import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import io.paddock.session.WatchHistory;
import io.paddock.session.WatchManager;
import io.paddock.tree.Acls;
import io.paddock.tree.DataTree;
import io.paddock.tree.Reads;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers one connection's requests, whatever its protocol: executes reads and watch
 * operations against the applied tree (replaying a resumed watch's history first) and hands
 * every reply, notification and handshake answer to the connection's encoder. Holds no state of
 * its own beyond the watch registry and history it was given.
 *
 * <p>Runs on the node's event loop.
 */
final class RequestExecutor {
    private static final long SYNTHESIZED_EVENT_ZXID = -1;

    private final WatchManager watches;
    private final WatchHistory history;
    private final ServerStats stats;

    RequestExecutor(WatchManager watches, WatchHistory history, ServerStats stats) {
        this.watches = watches;
        this.history = history;
        this.stats = stats;
    }

    void connectResponse(Connection connection, ConnectResponse response, long zxid, Object tag) {
        connection.connectResponse(response, zxid, tag);
        sent(connection);
    }

    void authReply(Connection connection, int err, Object tag, long zxid) {
        connection.authReply(err, tag, zxid);
        sent(connection);
    }

    void notification(Connection connection, long zxid, WatchEvent event) {
        connection.notification(zxid, event, null);
        sent(connection);
    }

    /** The reply to a write, once its txn was applied (or the write was rejected). */
    void writeReply(Connection connection, Connection.Pending pending) {
        Response body = pending.response;
        if (pending.request instanceof Request.Multi multi && body instanceof Response.MultiResult result) {
            body = plainCreateResults(multi, result);
        }
        reply(connection, pending, pending.xid, pending.zxid, pending.err, pending.request.opcode(), body);
    }

    /** The tree reports creates inside a multi as create2 (15); a plain create (1) gets path only. */
    private static Response plainCreateResults(Request.Multi multi, Response.MultiResult result) {
        List<Response.OpResult> results = result.results();
        List<Response.OpResult> out = null;
        for (int i = 0; i < results.size() && i < multi.ops().size(); i++) {
            Response.OpResult op = results.get(i);
            if (op.type() == OpCode.CREATE2 && multi.ops().get(i).opcode() == OpCode.CREATE) {
                if (out == null) {
                    out = new ArrayList<>(results);
                }
                out.set(i, new Response.OpResult(OpCode.CREATE, op.err(), op.body()));
            }
        }
        return out == null ? result : new Response.MultiResult(out);
    }

    /** Executes a read-side request (reads, pings, watch operations) and encodes its reply. */
    void read(Connection connection, Connection.Pending pending, DataTree tree) {
        Request request = pending.request;
        long zxid = tree.lastZxid();
        if (request instanceof Request.Ping) {
            reply(connection, pending, -2, zxid, ErrorCode.OK, OpCode.PING, Response.Empty.INSTANCE);
        } else if (request instanceof Request.SetWatches set) {
            watches.setWatches(tree, connection.sessionId, set, (watcher, event) ->
                    notification(connection, SYNTHESIZED_EVENT_ZXID, event));
            reply(connection, pending, pending.xid, zxid, ErrorCode.OK, request.opcode(), Response.Empty.INSTANCE);
        } else if (request instanceof Request.AddWatch add) {
            addWatch(connection, pending, add, zxid);
        } else if (request instanceof Request.RemoveWatches remove) {
            int err = watches.removeWatches(remove.path(), connection.sessionId, remove.type(),
                    remove.opcode() == OpCode.CHECK_WATCHES);
            reply(connection, pending, pending.xid, zxid, err, request.opcode(), Response.Empty.INSTANCE);
        } else if (request instanceof Request.WhoAmI) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.OK, request.opcode(),
                    new Response.WhoAmI(clientInfo(connection.authInfo.ids())));
        } else if (request instanceof Request.Reconfig) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.RECONFIGDISABLED, request.opcode(), null);
        } else if (request instanceof Request.Malformed) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.MARSHALLINGERROR, request.opcode(), null);
        } else if (request instanceof Request.Unknown || request instanceof Request.Sasl) {
            unimplemented(connection, pending, zxid);
        } else {
            plainRead(connection, pending, tree, zxid);
        }
    }

    private void plainRead(Connection connection, Connection.Pending pending, DataTree tree, long zxid) {
        Request request = pending.request;
        Reads.Reply result = Reads.read(tree, connection.sessionId, connection.authInfo.ids(), request);
        registerWatch(connection, request, result.err());
        reply(connection, pending, pending.xid, zxid, result.err(), request.opcode(), result.response());
    }

    private void registerWatch(Connection connection, Request request, int err) {
        if (request instanceof Request.Exists exists) {
            if (exists.watch() && (err == ErrorCode.OK || err == ErrorCode.NONODE)) {
                watches.addDataWatch(exists.path(), connection.sessionId);
            }
        } else if (request instanceof Request.GetData get) {
            if (get.watch() && err == ErrorCode.OK) {
                watches.addDataWatch(get.path(), connection.sessionId);
            }
        } else if (request instanceof Request.GetChildren children) {
            if (children.watch() && err == ErrorCode.OK) {
                watches.addChildWatch(children.path(), connection.sessionId);
            }
        }
    }

    /**
     * addWatch. A resumed one ({@code fromZxid} given, WebSocket only) first replays every event
     * after that zxid the watch would have received, ACL-filtered as live delivery is, then
     * registers; all of it within this turn of the event loop, between two applied batches, so
     * the first live event is the next txn's: no gap, no duplicate. Events older than memory come
     * from the history the disk rebuilt for this request ({@link HistoryRebuilds}), and memory
     * joins on where it ends. When neither reaches back that far the answer is HISTORY_GONE with
     * the oldest zxid the node can serve.
     */
    private void addWatch(Connection connection, Connection.Pending pending, Request.AddWatch add, long zxid) {
        if (add.mode() != WatcherType.ADD_WATCH_PERSISTENT && add.mode() != WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.MARSHALLINGERROR, add.opcode(), null);
            return;
        }
        boolean recursive = add.mode() == WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE;
        if (add.resumes() && !replayed(connection, pending, add, recursive, zxid)) {
            return;
        }
        watches.addPersistent(add.path(), connection.sessionId, recursive);
        reply(connection, pending, pending.xid, zxid, ErrorCode.OK, add.opcode(), new Response.ErrorBody(0));
    }

    /** Replays what a resumed watch missed; false when it cannot and the refusal was sent instead. */
    private boolean replayed(Connection connection, Connection.Pending pending, Request.AddWatch add,
                             boolean recursive, long zxid) {
        if (add.fromZxid() > zxid) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.ZXID_AHEAD, add.opcode(), null);
            return false;
        }
        LogHistory.Outcome disk = pending.diskOutcome;
        if (disk instanceof LogHistory.Busy) {
            reply(connection, pending, pending.xid, zxid, ErrorCode.HISTORY_BUSY, add.opcode(), null);
            return false;
        }
        long memoryFromZxid = add.fromZxid();
        if (disk instanceof LogHistory.Rebuilt rebuilt && history.covers(rebuilt.toZxid())) {
            replay(connection, pending, rebuilt.events(), add.fromZxid(), add.path(), recursive);
            memoryFromZxid = rebuilt.toZxid();
        }
        if (!history.covers(memoryFromZxid)) {
            long diskOldest = disk instanceof LogHistory.Gone gone ? gone.oldestZxid() : -1;
            long oldest = diskOldest >= 0 && diskOldest < history.oldestZxid() ? diskOldest : history.oldestZxid();
            reply(connection, pending, pending.xid, zxid, ErrorCode.HISTORY_GONE, add.opcode(),
                    new Response.HistoryGone(oldest));
            return false;
        }
        replay(connection, pending, history, memoryFromZxid, add.path(), recursive);
        return true;
    }

    private void replay(Connection connection, Connection.Pending pending, WatchHistory from, long fromZxid,
                        String path, boolean recursive) {
        List<Id> ids = connection.authInfo.ids();
        from.replay(fromZxid, path, recursive, (eventZxid, event, acl) -> {
            if (Acls.permits(acl, ids, Perms.READ)) {
                connection.notification(eventZxid, event, pending.tag);
                sent(connection);
            }
        });
    }

    /** An opcode this server does not serve: UNIMPLEMENTED, then the connection closes (as ZooKeeper). */
    private void unimplemented(Connection connection, Connection.Pending pending, long zxid) {
        reply(connection, pending, pending.xid, zxid, ErrorCode.UNIMPLEMENTED, pending.request.opcode(), null);
        connection.closeAfterFlush = true;
    }

    private static List<Response.ClientInfo> clientInfo(List<Id> ids) {
        List<Response.ClientInfo> out = new ArrayList<>(ids.size());
        for (Id id : ids) {
            String user = id.id();
            if ("digest".equals(id.scheme())) {
                int colon = user.indexOf(':');
                user = colon < 0 ? user : user.substring(0, colon);
            }
            out.add(new Response.ClientInfo(id.scheme(), user));
        }
        return out;
    }

    private void reply(Connection connection, Connection.Pending pending, int xid, long zxid, int err, int opcode,
                       Response body) {
        connection.reply(pending, xid, zxid, err, opcode, body);
        if (xid >= 0 || xid == -2) {
            connection.lastZxid = zxid;
        }
        sent(connection);
    }

    private void sent(Connection connection) {
        connection.packetsSent++;
        stats.packetsSent++;
    }
}
