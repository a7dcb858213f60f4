package io.paddock.node;

import io.paddock.model.ConnectResponse;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import io.paddock.session.NotificationSink;
import io.paddock.session.WatchManager;
import io.paddock.tree.DataTree;
import io.paddock.tree.Reads;
import io.paddock.wire.jute.ClientCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers one connection's requests: executes reads and watch operations against the applied
 * tree and encodes every reply, notification and handshake answer into the connection's
 * output buffer. Holds no state of its own beyond the watch registry it was given.
 *
 * <p>Runs on the node's event loop.
 */
final class RequestExecutor {
    private static final long SYNTHESIZED_EVENT_ZXID = -1;

    private final WatchManager watches;
    private final NotificationSink sink;
    private final ServerStats stats;

    RequestExecutor(WatchManager watches, NotificationSink sink, ServerStats stats) {
        this.watches = watches;
        this.sink = sink;
        this.stats = stats;
    }

    void connectResponse(Connection connection, ConnectResponse response) {
        ClientCodec.encodeConnectResponse(connection.out, response, connection.readOnlyFieldPresent);
        sent(connection);
    }

    void authReply(Connection connection, int err) {
        ClientCodec.encodeReply(connection.out, -4, 0, err, OpCode.AUTH, Response.Empty.INSTANCE);
        sent(connection);
    }

    void notification(Connection connection, long zxid, WatchEvent event) {
        ClientCodec.encodeNotification(connection.out, zxid, event.type(), event.path());
        sent(connection);
    }

    /** The reply to a write, once its txn was applied (or the write was rejected). */
    void writeReply(Connection connection, Connection.Pending pending) {
        Response body = pending.response;
        if (pending.request instanceof Request.Multi multi && body instanceof Response.MultiResult result) {
            body = plainCreateResults(multi, result);
        }
        reply(connection, pending.xid, pending.zxid, pending.err, pending.request.opcode(), body);
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
            reply(connection, -2, zxid, ErrorCode.OK, OpCode.PING, Response.Empty.INSTANCE);
        } else if (request instanceof Request.SetWatches set) {
            watches.setWatches(tree, connection.sessionId, set, (watcher, event) ->
                    notification(connection, SYNTHESIZED_EVENT_ZXID, event));
            reply(connection, pending.xid, zxid, ErrorCode.OK, request.opcode(), Response.Empty.INSTANCE);
        } else if (request instanceof Request.AddWatch add) {
            addWatch(connection, pending, add, zxid);
        } else if (request instanceof Request.RemoveWatches remove) {
            int err = watches.removeWatches(remove.path(), connection.sessionId, remove.type(),
                    remove.opcode() == OpCode.CHECK_WATCHES);
            reply(connection, pending.xid, zxid, err, request.opcode(), Response.Empty.INSTANCE);
        } else if (request instanceof Request.WhoAmI) {
            reply(connection, pending.xid, zxid, ErrorCode.OK, request.opcode(),
                    new Response.WhoAmI(clientInfo(connection.authInfo.ids())));
        } else if (request instanceof Request.Reconfig) {
            reply(connection, pending.xid, zxid, ErrorCode.RECONFIGDISABLED, request.opcode(), null);
        } else if (request instanceof Request.Malformed) {
            reply(connection, pending.xid, zxid, ErrorCode.MARSHALLINGERROR, request.opcode(), null);
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
        reply(connection, pending.xid, zxid, result.err(), request.opcode(), result.response());
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

    private void addWatch(Connection connection, Connection.Pending pending, Request.AddWatch add, long zxid) {
        if (add.mode() != WatcherType.ADD_WATCH_PERSISTENT && add.mode() != WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE) {
            reply(connection, pending.xid, zxid, ErrorCode.MARSHALLINGERROR, add.opcode(), null);
            return;
        }
        watches.addPersistent(add.path(), connection.sessionId, add.mode() == WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE);
        reply(connection, pending.xid, zxid, ErrorCode.OK, add.opcode(), new Response.ErrorBody(0));
    }

    /** An opcode this server does not serve: UNIMPLEMENTED, then the connection closes (as ZooKeeper). */
    private void unimplemented(Connection connection, Connection.Pending pending, long zxid) {
        reply(connection, pending.xid, zxid, ErrorCode.UNIMPLEMENTED, pending.request.opcode(), null);
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

    private void reply(Connection connection, int xid, long zxid, int err, int opcode, Response body) {
        ClientCodec.encodeReply(connection.out, xid, zxid, err, opcode, body);
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
