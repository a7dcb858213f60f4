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
 * Each write is timed into {@link NodeMetrics#snapshotWritten} (thread-safe meters).
 */
final class SnapshotWriter {
    private final SnapshotStore store;
    private final NodeMetrics metrics;

    SnapshotWriter(SnapshotStore store) {
        this(store, NodeMetrics.disabled());
    }

    SnapshotWriter(SnapshotStore store, NodeMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Writes the snapshot of {@code tree}; returns the bytes of its body. */
    long write(DataTree tree) throws IOException {
        long started = System.nanoTime();
        long bytes;
        try (SnapshotStore.Writer writer = store.begin(tree.lastZxid(), Zxid.epoch(tree.lastZxid()))) {
            bytes = TreeSnapshot.write(tree, writer::write);
            writer.commit();
        }
        metrics.snapshotWritten(System.nanoTime() - started, bytes);
        return bytes;
    }

    SnapshotStore store() {
        return store;
    }
}
