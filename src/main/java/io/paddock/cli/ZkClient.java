package io.paddock.cli;

import io.paddock.model.Acl;
import io.paddock.model.CreateMode;
import io.paddock.model.ErrorCode;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.Response;
import io.paddock.model.Stat;
import io.paddock.model.WatcherType;
import io.paddock.wire.jute.ClientCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ZooKeeper operations the cli needs, typed, over one {@link ZkConnection}: each sends one
 * request and returns its reply body, or throws a {@link ZkException} carrying the error code
 * and the path it was about. Holds no state besides the connection, so it is as thread-safe as
 * the connection (any thread may call).
 */
final class ZkClient {
    private final ZkConnection connection;

    ZkClient(ZkConnection connection) {
        this.connection = connection;
    }

    ZkConnection connection() {
        return connection;
    }

    Response.Data getData(String path, boolean watch) throws ZkException, ConnectionException, InterruptedException {
        return (Response.Data) expect(new Request.GetData(path, watch), path);
    }

    /** The children, sorted as zkCli prints them; the Stat is null unless {@code withStat}. */
    Response.Children getChildren(String path, boolean watch, boolean withStat)
            throws ZkException, ConnectionException, InterruptedException {
        int opcode = withStat ? OpCode.GET_CHILDREN2 : OpCode.GET_CHILDREN;
        Response.Children c = (Response.Children) expect(new Request.GetChildren(opcode, path, watch), path);
        List<String> sorted = new ArrayList<>(c.children());
        Collections.sort(sorted);
        return new Response.Children(Collections.unmodifiableList(sorted), c.stat());
    }

    Stat exists(String path, boolean watch) throws ZkException, ConnectionException, InterruptedException {
        return ((Response.StatOnly) expect(new Request.Exists(path, watch), path)).stat();
    }

    /**
     * Creates with the opcode ZooKeeper's client picks for the mode: createContainer for a
     * container, createTTL for a TTL mode, create2 otherwise (create2 so that the Stat comes back).
     */
    Response.Created create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl)
            throws ZkException, ConnectionException, InterruptedException {
        int opcode = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTtl() ? OpCode.CREATE_TTL : OpCode.CREATE2;
        return (Response.Created) expect(new Request.Create(opcode, path, data, acl, mode.flag,
                mode.isTtl() ? ttl : -1), path);
    }

    Stat setData(String path, byte[] data, int version) throws ZkException, ConnectionException, InterruptedException {
        return ((Response.StatOnly) expect(new Request.SetData(path, data, version), path)).stat();
    }

    void delete(String path, int version) throws ZkException, ConnectionException, InterruptedException {
        expect(new Request.Delete(path, version), path);
    }

    Response.AclList getAcl(String path) throws ZkException, ConnectionException, InterruptedException {
        return (Response.AclList) expect(new Request.GetAcl(path), path);
    }

    Stat setAcl(String path, List<Acl> acl, int version) throws ZkException, ConnectionException, InterruptedException {
        return ((Response.StatOnly) expect(new Request.SetAcl(path, acl, version), path)).stat();
    }

    String sync(String path) throws ZkException, ConnectionException, InterruptedException {
        return ((Response.SyncPath) expect(new Request.Sync(path), path)).path();
    }

    /** A persistent watch on {@code path}, or on its whole subtree when {@code recursive}. */
    void addWatch(String path, boolean recursive) throws ZkException, ConnectionException, InterruptedException {
        int mode = recursive ? WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE : WatcherType.ADD_WATCH_PERSISTENT;
        expect(new Request.AddWatch(path, mode), path);
    }

    /** Removes the persistent watch {@link #addWatch} set. */
    void removePersistentWatch(String path, boolean recursive)
            throws ZkException, ConnectionException, InterruptedException {
        int type = recursive ? WatcherType.PERSISTENT_RECURSIVE : WatcherType.PERSISTENT;
        expect(new Request.RemoveWatches(OpCode.REMOVE_WATCHES, path, type), path);
    }

    /** Adds an identity to the session ({@code addauth}); AUTHFAILED also ends the connection. */
    void auth(String scheme, String auth) throws ZkException, ConnectionException, InterruptedException {
        ClientCodec.Reply reply = connection.auth(new Request.Auth(0, scheme, auth.getBytes(StandardCharsets.UTF_8)));
        if (reply.err() != ErrorCode.OK) {
            throw new ZkException(reply.err(), scheme, "Authentication is not valid : scheme " + scheme);
        }
    }

    private Response expect(Request request, String path) throws ZkException, ConnectionException,
            InterruptedException {
        ClientCodec.Reply reply = connection.call(request);
        if (reply.err() != ErrorCode.OK) {
            throw new ZkException(reply.err(), path);
        }
        return reply.body();
    }
}
