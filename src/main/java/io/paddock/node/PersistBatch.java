package io.paddock.node;

import io.paddock.replica.PersistWork;
import io.paddock.storage.LogStore;
import java.io.IOException;

/**
 * One persist job of the replication verticle: the {@link PersistWork} merged from the Readies
 * handed out since the previous job, written by the storage worker in the work's order. The
 * election state is not written here but by the election verticle, in parallel.
 *
 * <p>Built on the event loop; {@link #write} runs on the storage worker, after which the batch
 * is only read again on the event loop.
 */
final class PersistBatch {
    final PersistWork work = new PersistWork();

    /** Worker: snapshot (durable before the log is dropped), truncation, append and sync. Returns the last zxid. */
    long write(LogStore log, SnapshotWriter snapshots) throws IOException {
        if (work.snapshot() != null) {
            snapshots.write(work.snapshot());
            log.truncateAfter(0);
        }
        if (work.truncateAfterZxid() >= 0) {
            log.truncateAfter(work.truncateAfterZxid());
        }
        return work.entries().isEmpty() ? log.lastZxid() : log.appendAndSync(work.entries());
    }
}
