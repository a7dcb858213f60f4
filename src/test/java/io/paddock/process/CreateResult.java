package io.paddock.process;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The outcome of one async persistent create (data = its path): the path, the result code and,
 * for a success, the created znode's czxid (0 otherwise). Immutable; completed on the client's
 * event thread.
 */
record CreateResult(String path, int rc, long czxid) {
    boolean ok() {
        return rc == Code.OK.intValue();
    }

    /** Issues the create now; the future completes with its outcome when the reply (or the connection loss) comes. */
    static CompletableFuture<CreateResult> async(ZooKeeper zk, String path) {
        CompletableFuture<CreateResult> result = new CompletableFuture<>();
        zk.create(path, path.getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                (int rc, String p, Object ctx, String name, Stat stat) ->
                        result.complete(new CreateResult(path, rc, stat == null ? 0 : stat.getCzxid())), null);
        return result;
    }

    @Override
    public String toString() {
        return path + " " + Code.get(rc) + (ok() ? " czxid 0x" + Long.toHexString(czxid) : "");
    }
}
