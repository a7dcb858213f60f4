package io.paddock.node;

import io.paddock.model.Zxid;
import io.paddock.storage.SnapshotStore;
import io.paddock.tree.DataTree;
import io.paddock.tree.TreeSnapshot;
import java.io.IOException;

/**
 * Writes one tree as a durable snapshot file (temp file, fsync, rename, directory fsync), for
 * the snapshot verticle and for a follower installing the leader's snapshot. Blocking; for
 * worker threads; the store serialises nothing, so callers run one write at a time per zxid.
 */
final class SnapshotWriter {
    private final SnapshotStore store;

    SnapshotWriter(SnapshotStore store) {
        this.store = store;
    }

    /** Writes the snapshot of {@code tree}; returns the bytes of its body. */
    long write(DataTree tree) throws IOException {
        long bytes;
        try (SnapshotStore.Writer writer = store.begin(tree.lastZxid(), Zxid.epoch(tree.lastZxid()))) {
            bytes = TreeSnapshot.write(tree, writer::write);
            writer.commit();
        }
        return bytes;
    }

    SnapshotStore store() {
        return store;
    }
}
