package io.paddock.session;

import io.paddock.tree.SessionInfo;
import io.paddock.tree.TreeView;
import io.paddock.tree.Znode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A TreeView that only knows nodes' mzxid and pzxid, for setWatches tests. */
final class FakeTree implements TreeView {
    private final Map<String, Znode> nodes = new HashMap<>();

    FakeTree with(String path, long mzxid, long pzxid) {
        nodes.put(path, new Znode(new byte[0], List.of(), 1, mzxid, 0, 0, 0, 0, 0, 0, pzxid, 0));
        return this;
    }

    @Override public Znode node(String path) { return nodes.get(path); }
    @Override public Collection<String> childNames(String path) { return List.of(); }
    @Override public SessionInfo session(long sessionId) { return null; }
    @Override public Collection<String> ephemeralsOf(long sessionId) { return List.of(); }
    @Override public long lastZxid() { return 0; }
}
