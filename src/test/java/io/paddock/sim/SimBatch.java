package io.paddock.sim;

import io.paddock.model.TxnEntry;
import io.paddock.replica.PersistWork;
import java.util.SplittableRandom;

/**
 * One simulated persist job: the same {@link PersistWork} the node's PersistBatch merges,
 * written to a {@link SimNode}'s durable state in the node's order (an installed snapshot, then
 * the log starts over; the election state; a truncation; the appends), or torn by a crash.
 */
final class SimBatch {
    final PersistWork work = new PersistWork();

    /** The whole job reached the disk and was synced; returns the log's last zxid. */
    long writeTo(SimNode node) {
        writePrefix(node, work.entries().size(), true);
        return node.durableLastZxid();
    }

    /**
     * A crash while the job was being written: a random prefix of its writes reached the disk
     * (the election file is replaced atomically: all of it or none).
     */
    void tornWrite(SimNode node, SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return; // nothing reached the disk
        }
        writePrefix(node, random.nextInt(work.entries().size() + 1), random.nextBoolean());
    }

    private void writePrefix(SimNode node, int entryCount, boolean vote) {
        if (work.snapshot() != null) {
            node.addDurableSnapshot(work.snapshot());
            node.durableLog.clear();
        }
        if (vote && work.election() != null) {
            node.durableVote = work.election();
        }
        long truncate = work.truncateAfterZxid();
        if (truncate >= 0) {
            node.durableLog.removeIf(entry -> entry.zxid() > truncate);
        }
        for (int i = 0; i < entryCount; i++) {
            TxnEntry entry = work.entries().get(i);
            long last = node.durableLog.isEmpty() ? -1 : node.durableLog.get(node.durableLog.size() - 1).zxid();
            if (last >= entry.zxid()) {
                throw new IllegalStateException("node " + node.id + " appends 0x" + Long.toHexString(entry.zxid())
                        + " after 0x" + Long.toHexString(node.durableLastZxid()));
            }
            node.durableLog.add(entry);
        }
    }
}
