package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paddock.consensus.Role;
import io.paddock.model.Applied;
import io.paddock.model.OpCode;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.replica.ReplicaReady;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bookkeeping behind the node's meters: cached per-op timers, the commit ring, fsync and leader counts. */
class NodeMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeMetrics metrics = new NodeMetrics(registry);

    @Test
    void requestTimersAreOnePerOpcodeAndUnknownOpcodesShareOne() {
        metrics.requestCompleted(OpCode.CREATE, 1_000);
        metrics.requestCompleted(OpCode.CREATE, 3_000);
        metrics.requestCompleted(OpCode.GET_DATA, 2_000);
        metrics.requestCompleted(999, 5);
        metrics.requestCompleted(-999, 5);

        assertThat(registry.find("paddock.requests").tag("op", "create").timers()).hasSize(1);
        assertThat(registry.get("paddock.requests").tag("op", "create").timer().count()).isEqualTo(2);
        assertThat(registry.get("paddock.requests").tag("op", "create").timer().totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(4_000);
        assertThat(registry.get("paddock.requests").tag("op", "getData").timer().count()).isEqualTo(1);
        assertThat(registry.get("paddock.requests").tag("op", "unknown").timer().count()).isEqualTo(2);
        assertThat(registry.find("paddock.requests").timers()).hasSize(3);
    }

    @Test
    void proposalToCommitIsMeasuredWhenABatchsLastTxnIsApplied() {
        metrics.persistStarted(entries(1, 2));
        metrics.persistStarted(entries(3));
        metrics.persistStarted(List.of()); // an election-only batch: nothing to wait for

        metrics.applied(applied(1));
        assertThat(commits()).isZero();
        metrics.applied(applied(2));
        assertThat(commits()).isEqualTo(1);
        metrics.applied(applied(3));
        assertThat(commits()).isEqualTo(2);
        metrics.applied(List.of());
        assertThat(commits()).isEqualTo(2);
        assertThat(registry.get("paddock.txns.applied").counter().count()).isEqualTo(3);
    }

    @Test
    void theCommitRingDropsTheOldestWhenFull() {
        int batches = NodeMetrics.COMMIT_RING_SIZE + 10;
        for (int zxid = 1; zxid <= batches; zxid++) {
            metrics.persistStarted(entries(zxid));
        }
        metrics.applied(applied(batches));

        assertThat(commits()).isEqualTo(NodeMetrics.COMMIT_RING_SIZE);
    }

    @Test
    void fsyncIsTimedOnlyWhenItCarriesTxns() throws Exception {
        assertThat(metrics.fsync(0, () -> 7L)).isEqualTo(7L);
        assertThat(registry.get("paddock.fsync").timer().count()).isZero();

        assertThat(metrics.fsync(5, () -> 9L)).isEqualTo(9L);
        assertThat(registry.get("paddock.fsync").timer().count()).isEqualTo(1);
        assertThat(registry.get("paddock.fsync.entries").summary().totalAmount()).isEqualTo(5);
    }

    @Test
    void leaderAndRoleChangesAreCountedOnChangeOnly() {
        metrics.status(new ReplicaReady.Status(Role.LOOKING, 0, 1, false));
        metrics.status(new ReplicaReady.Status(Role.FOLLOWING, 2, 1, true));
        metrics.status(new ReplicaReady.Status(Role.FOLLOWING, 2, 1, true));
        metrics.status(new ReplicaReady.Status(Role.LOOKING, 0, 1, false));
        metrics.status(new ReplicaReady.Status(Role.LEADING, 3, 2, true));

        assertThat(registry.get("paddock.leader.changes").counter().count()).isEqualTo(2);
        assertThat(registry.get("paddock.role.changes").counter().count()).isEqualTo(3);
        assertThat(registry.get("paddock.role").tag("role", "leading").gauge().value()).isEqualTo(1);
        assertThat(registry.get("paddock.role").tag("role", "following").gauge().value()).isZero();
        assertThat(registry.get("paddock.epoch").gauge().value()).isEqualTo(2);
    }

    @Test
    void disabledMetricsAcceptEveryCall() throws Exception {
        NodeMetrics off = NodeMetrics.disabled();
        off.requestCompleted(OpCode.CREATE, 10);
        off.persistStarted(entries(1));
        off.applied(applied(1));
        off.eventLoopLag(1_000_000);
        assertThat(off.fsync(1, () -> 1)).isEqualTo(1);
        assertThat(off.scrape(AdminVerticle.PROMETHEUS_TEXT)).isEmpty();
    }

    private double commits() {
        return registry.get("paddock.proposal.commit").timer().count();
    }

    private static List<TxnEntry> entries(long... zxids) {
        List<TxnEntry> entries = new ArrayList<>();
        for (long zxid : zxids) {
            entries.add(new TxnEntry(zxid, 1, 1, 0, new Txn.Delete("/x")));
        }
        return entries;
    }

    private static List<Applied> applied(long... zxids) {
        List<Applied> applied = new ArrayList<>();
        for (TxnEntry entry : entries(zxids)) {
            applied.add(new Applied(entry, 0, null, List.of()));
        }
        return applied;
    }
}
