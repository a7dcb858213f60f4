package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Writing a snapshot allocates next to nothing per znode, so a snapshot on an idle node does not
 * itself bring on a garbage collection (a G1 young pause stops the event loop as well). Measured
 * with the JVM's per-thread allocation counter.
 */
class TreeSnapshotAllocationTest {
    private static final int PARENTS = 100;
    private static final int CHILDREN = 500;

    @Test
    void writingASnapshotAllocatesLessThanTenBytesPerZnode() {
        DataTree tree = tree();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] written = new long[1];
        ByteSink discard = (bytes, offset, count) -> written[0] += count;
        TreeSnapshot.write(tree, discard); // warm-up: JIT compiles the writer
        long before = threads.getCurrentThreadAllocatedBytes();
        long bytes = TreeSnapshot.write(tree, discard);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(bytes).isGreaterThan((long) PARENTS * CHILDREN * 100);
        assertThat(allocated).as("bytes allocated writing %s znodes", tree.nodeCount())
                .isLessThan(10L * tree.nodeCount());
    }

    private static DataTree tree() {
        DataTree tree = DataTree.empty();
        long zxid = 0;
        byte[] data = new byte[100];
        for (int p = 0; p < PARENTS; p++) {
            String parent = "/p" + p;
            tree = tree.apply(new TxnEntry(++zxid, 1, 0, 0, new Txn.Create(parent, data, Acl.OPEN_ACL_UNSAFE, 0)))
                    .tree();
            for (int c = 0; c < CHILDREN; c++) {
                tree = tree.apply(new TxnEntry(++zxid, 1, 0, 0, new Txn.Create(parent + "/n" + c, data,
                        Acl.OPEN_ACL_UNSAFE, 0))).tree();
            }
        }
        return tree;
    }
}
