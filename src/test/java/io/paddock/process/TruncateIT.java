package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader with an uncommitted tail is truncated when it rejoins. A client connected to the
 * leader of a 3-node ensemble keeps creating znodes ({@link CreateLoad}) while the leader is cut
 * off from both followers: until it steps down it persists proposals that only it has. Once the
 * followers have a new leader, the old one's log holds records of the old epoch past the cut
 * point (the last old-epoch zxid the new leader holds). After the heal it rejoins as a follower
 * and its log drops that tail: no record of the old epoch after the cut point, the records up to
 * it as in the new leader's log, those writes nowhere in the tree, every acknowledged create
 * present, and its znodes equal the new leader's.
 */
class TruncateIT {
    private static final int SESSION_MS = 15_000;
    private static final Pattern CREATE = Pattern.compile(" create (\\S+) ");

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void anOldLeadersUncommittedTailIsTruncatedWhenItRejoins() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int old = cluster.leader();
        try (ZooKeeper zk = Zk.connect(cluster.connectString(old), SESSION_MS, null)) {
            Retry.create(zk, "/trunc", new byte[0]);
        }
        cluster.awaitConverged();
        long oldEpoch = cluster.status().get(old).epoch();
        Map<String, Long> acked;
        int next;
        List<LocalCluster.LogRecord> tail;
        long cut;
        List<CompletableFuture<CreateResult>> late = new ArrayList<>();
        try (CreateLoad load = new CreateLoad("/trunc", List.of(List.of(cluster.clientPort(old))), SESSION_MS);
                ZooKeeper onOld = Zk.connect(cluster.connectString(old), SESSION_MS, null)) {
            await("creates through the leader").atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() >= 200);
            cluster.partition(old);
            // The load's creates in flight at the cut may all have reached the followers; these
            // reach the leader only after it, while it still leads (for 400 ms at least).
            for (int i = 0; i < 10; i++) {
                late.add(CreateResult.async(onOld, "/trunc/late-" + i));
            }
            next = cluster.awaitLeader(old);
            await("the old leader steps down").atMost(Duration.ofSeconds(30)).until(() -> !"leader".equals(cluster.mode(old)));
            load.stop();
            await("every create through the old leader answered").atMost(Duration.ofSeconds(60))
                    .until(() -> load.drained() && late.stream().allMatch(CompletableFuture::isDone));
            acked = load.acked();
            cut = lastOfEpoch(cluster.logRecords(next), oldEpoch);
            tail = cluster.logRecords(old).stream().filter(r -> r.epoch() == oldEpoch && r.zxid() > cut).toList();
            System.out.printf("TruncateIT: old leader %d, epoch %d; node %d leads; cut point 0x%x; old leader's tail "
                    + "before the heal: %d records (0x%x..0x%x); creates: %s; after the cut: %s%n", old, oldEpoch, next, cut,
                    tail.size(), tail.isEmpty() ? 0 : tail.get(0).zxid(), tail.isEmpty() ? 0 : tail.get(tail.size() - 1).zxid(),
                    load.resultCounts(), late.stream().map(CompletableFuture::join).toList());
        }
        for (CompletableFuture<CreateResult> write : late) {
            CreateResult result = write.join();
            if (result.ok()) {
                acked.put(result.path(), result.czxid());
            }
        }
        assertThat(tail).as("records only the cut-off leader persisted (else nothing here needs truncating)").isNotEmpty();
        assertThat(acked.values()).as("acknowledged creates past the cut point in the old epoch")
                .noneMatch(z -> (z >>> 32) == oldEpoch && z > cut);

        cluster.heal();
        cluster.awaitConverged();
        assertThat(cluster.status().get(old).mode()).isEqualTo("follower");
        List<LocalCluster.LogRecord> oldLog = cluster.logRecords(old);
        assertThat(oldLog.stream().filter(r -> r.epoch() == oldEpoch && r.zxid() > cut).map(LocalCluster.LogRecord::line))
                .as("node %d's log records of epoch %d after the cut point 0x%x", old, oldEpoch, cut).isEmpty();
        assertThat(linesOfEpoch(oldLog, oldEpoch)).as("node %d's old-epoch records against node %d's", old, next)
                .isEqualTo(linesOfEpoch(cluster.logRecords(next), oldEpoch));
        checkTrees(cluster, old, next, acked, tail);
    }

    /** Both nodes hold the same znodes; every acknowledged create is there, no create of the truncated tail is. */
    private static void checkTrees(LocalCluster cluster, int old, int next, Map<String, Long> acked,
            List<LocalCluster.LogRecord> tail) throws Exception {
        try (ZooKeeper onOld = Zk.connect(cluster.connectString(old), SESSION_MS, null);
                ZooKeeper onNext = Zk.connect(cluster.connectString(next), SESSION_MS, null)) {
            sync(onOld, "/");
            sync(onNext, "/");
            SortedMap<String, String> expected = Trees.read(onNext, "/");
            assertThat(Trees.read(onOld, "/")).as("node %d's znodes against node %d's", old, next).isEqualTo(expected);
            assertThat(expected.keySet()).as("acknowledged creates").containsAll(acked.keySet());
            List<String> truncated = new ArrayList<>();
            for (LocalCluster.LogRecord record : tail) {
                Matcher m = CREATE.matcher(record.line());
                if (m.find()) {
                    truncated.add(m.group(1));
                }
            }
            assertThat(truncated).as("creates of the truncated tail").isNotEmpty();
            assertThat(expected.keySet()).as("znodes after the heal").doesNotContainAnyElementsOf(truncated);
        }
    }

    private static long lastOfEpoch(List<LocalCluster.LogRecord> records, long epoch) {
        return records.stream().filter(r -> r.epoch() == epoch).mapToLong(LocalCluster.LogRecord::zxid).max().orElse(0);
    }

    private static List<String> linesOfEpoch(List<LocalCluster.LogRecord> records, long epoch) {
        return records.stream().filter(r -> r.epoch() == epoch).map(LocalCluster.LogRecord::line).toList();
    }
}
