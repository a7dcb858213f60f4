package io.paddock.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Reads a node's whole tree through the official client, so that two nodes can be compared
 * znode by znode: every path with its data and its full Stat (zxids, versions, times, owner,
 * child counts). Stateless; runs on the caller's thread.
 */
final class Trees {
    private Trees() {}

    /**
     * Every znode {@code zk}'s node holds under {@code root} (itself included), by path, as
     * "hex data | Stat". The caller syncs first when it wants the node caught up; znodes deleted
     * while the walk runs are left out.
     */
    static SortedMap<String, String> read(ZooKeeper zk, String root) throws InterruptedException, KeeperException {
        SortedMap<String, String> znodes = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String path = todo.pop();
            Stat stat = new Stat();
            try {
                byte[] data = zk.getData(path, false, stat);
                znodes.put(path, (data == null ? "null" : HexFormat.of().formatHex(data)) + " | " + stat.toString().strip());
                for (String child : zk.getChildren(path, false)) {
                    todo.push(path.equals("/") ? "/" + child : path + "/" + child);
                }
            } catch (KeeperException.NoNodeException e) {
                // Deleted between its parent's listing and this read: not part of a settled tree.
            }
        }
        return znodes;
    }
}
