package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower of a 3-node ensemble is killed while writes go on ({@link CreateLoad} through the
 * other two) and restarted on its data. A little behind (300 txns), it catches up by DIFF: its
 * own txn log then holds every txn it missed, record for record as in the leader's log, nobody
 * sent a snapshot, and its znodes equal the leader's. Far behind (1500 txns), with the leader's
 * in-memory window ({@code diffWindowTxns} 50) and snapshots ({@code snapshotTxnCountMax} 200)
 * small, it catches up by SNAP: the leader logs sending a snapshot, the follower logs receiving
 * it and keeps it as a snapshot file of its data directory at that zxid, and its znodes equal
 * the leader's. Paused with SIGSTOP instead (its connections stay open, it only falls silent) for
 * several check-quorum rounds while 1500 txns commit, with the same small window, it still
 * catches up by DIFF: the leader holds what a peer in touch lacks until its connection is lost.
 */
class CatchUpIT {
    private static final int SESSION_MS = 15_000;
    private static final Pattern RECEIVING = Pattern.compile("receiving a snapshot at zxid 0x([0-9a-f]+)");

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void aFollowerALittleBehindCatchesUpByDiff() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        int follower = leader % 3 + 1;
        long stoppedAt = writeWhileDown(cluster, leader, follower, 300);
        cluster.restart(follower);
        cluster.awaitConverged();
        int now = cluster.leader();

        List<String> missed = recordsAfter(cluster, now, stoppedAt);
        System.out.printf("CatchUpIT: node %d stopped at 0x%x, missed %d txns (0x%s..)%n", follower, stoppedAt,
                missed.size(), missed.isEmpty() ? "" : missed.get(0).substring(2, missed.get(0).indexOf(' ')));
        assertThat(missed.size()).as("txns node %d missed", follower).isGreaterThanOrEqualTo(300);
        assertThat(recordsAfter(cluster, follower, stoppedAt)).as("node %d's log after 0x%x against leader %d's",
                follower, stoppedAt, now).isEqualTo(missed);
        assertNoSnapshotSent(cluster, follower);
        assertSameZnodes(cluster, now, follower);
    }

    @Test
    void aFollowerFarBehindCatchesUpBySnap() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3, 0, "\"snapshotTxnCountMax\": 200, \"diffWindowTxns\": 50");
        int leader = cluster.leader();
        int follower = leader % 3 + 1;
        // The leader compacts its window in chunks of 1024 txns past diffWindowTxns (EntryLog.compact), so
        // only a follower more than 50 + 1024 txns behind is surely out of it.
        long stoppedAt = writeWhileDown(cluster, leader, follower, 1500);
        List<String> snapshotsBefore = cluster.snapshotFiles(follower);
        cluster.restart(follower);
        cluster.awaitConverged();
        int now = cluster.leader();

        List<String> sent = cluster.logLines(now, "link " + now + "->" + follower + ": sent the snapshot");
        List<String> received = cluster.logLinesSinceStart(follower, "receiving a snapshot");
        System.out.printf("CatchUpIT: node %d stopped at 0x%x; leader %d: %s; node %d: %s; its snapshots before %s, "
                + "after %s%n", follower, stoppedAt, now, sent, follower, received, snapshotsBefore,
                cluster.snapshotFiles(follower));
        assertThat(sent).as("leader %d's log: a snapshot sent to node %d", now, follower).isNotEmpty();
        assertThat(received).as("node %d's log: a snapshot received", follower).isNotEmpty();
        Matcher zxid = RECEIVING.matcher(received.get(0));
        assertThat(zxid.find()).isTrue();
        long snapZxid = Long.parseUnsignedLong(zxid.group(1), 16);
        assertThat(snapZxid).as("the snapshot's zxid").isGreaterThan(stoppedAt + 1074);
        String file = String.format("snapshot.%016x", snapZxid);
        assertThat(snapshotsBefore).doesNotContain(file);
        assertThat(cluster.snapshotFiles(follower)).as("node %d's snapshot files", follower).contains(file);
        assertSameZnodes(cluster, now, follower);
    }

    @Test
    void aFollowerPausedForSeveralRoundsCatchesUpByDiffBeyondTheWindow() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3, 0, "\"diffWindowTxns\": 50");
        int leader = cluster.leader();
        int follower = leader % 3 + 1;
        // 1500 txns (beyond the window of 50 and its compaction chunk) over at least five
        // check-quorum rounds of the default 400 ms election timeout.
        long pausedAt = writeWhileAway(cluster, leader, follower, 1500, cluster::pause, Duration.ofSeconds(2));
        cluster.resume(follower);
        cluster.awaitConverged();
        int now = cluster.leader();

        List<String> missed = recordsAfter(cluster, now, pausedAt);
        System.out.printf("CatchUpIT: node %d paused at 0x%x, missed %d txns%n", follower, pausedAt, missed.size());
        assertThat(now).as("the leader after the pause").isEqualTo(leader);
        assertThat(missed.size()).as("txns node %d missed", follower).isGreaterThanOrEqualTo(1500);
        assertNoSnapshotSent(cluster, follower);
        assertThat(recordsAfter(cluster, follower, pausedAt)).as("node %d's log after 0x%x against leader %d's",
                follower, pausedAt, now).isEqualTo(missed);
        assertSameZnodes(cluster, now, follower);
    }

    /**
     * Kills {@code follower} once the ensemble is idle, has {@code count} creates acknowledged
     * through the other two while it is down, and returns the last zxid it had.
     */
    private static long writeWhileDown(LocalCluster cluster, int leader, int follower, int count) throws Exception {
        return writeWhileAway(cluster, leader, follower, count, cluster::kill, Duration.ZERO);
    }

    /**
     * Takes {@code follower} away ({@code away}: kill or pause) once the ensemble is idle, has
     * {@code count} creates acknowledged through the other two, for at least {@code atLeast}
     * after it went, and returns the last zxid it had.
     */
    private static long writeWhileAway(LocalCluster cluster, int leader, int follower, int count, IntConsumer away,
            Duration atLeast) throws Exception {
        try (ZooKeeper zk = Zk.connect(cluster.connectString(leader), SESSION_MS, null)) {
            Retry.create(zk, "/catch", new byte[0]);
        }
        cluster.awaitConverged();
        long awayAt = cluster.status().get(follower).zxid();
        away.accept(follower);
        long awayNanos = System.nanoTime();
        List<Integer> others = List.of(cluster.clientPort(leader), cluster.clientPort(6 - leader - follower));
        try (CreateLoad load = new CreateLoad("/catch", List.of(others), SESSION_MS)) {
            await(count + " creates and " + atLeast.toMillis() + " ms while node " + follower + " is away")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> load.ackedCount() >= count && System.nanoTime() - awayNanos >= atLeast.toNanos());
            load.stop();
            await("every create answered").atMost(Duration.ofSeconds(60)).until(load::drained);
        }
        return awayAt;
    }

    /** No node logged sending a snapshot, and {@code follower} none received since it last started. */
    private static void assertNoSnapshotSent(LocalCluster cluster, int follower) {
        for (int id = 1; id <= 3; id++) {
            assertThat(cluster.logLines(id, "sent the snapshot")).as("snapshots node %d sent", id).isEmpty();
        }
        assertThat(cluster.logLinesSinceStart(follower, "receiving a snapshot")).as("snapshots node %d received", follower)
                .isEmpty();
    }

    /** Node {@code id}'s txn log records after {@code zxid}, as log-dump prints them. */
    private static List<String> recordsAfter(LocalCluster cluster, int id, long zxid) {
        return cluster.logRecords(id).stream().filter(r -> r.zxid() > zxid).map(LocalCluster.LogRecord::line).toList();
    }

    /** Both nodes, after a sync, hold the same znodes under /, with the same data and Stats. */
    private static void assertSameZnodes(LocalCluster cluster, int leader, int follower) throws Exception {
        try (ZooKeeper onLeader = Zk.connect(cluster.connectString(leader), SESSION_MS, null);
                ZooKeeper onFollower = Zk.connect(cluster.connectString(follower), SESSION_MS, null)) {
            sync(onLeader, "/");
            sync(onFollower, "/");
            SortedMap<String, String> expected = Trees.read(onLeader, "/");
            assertThat(expected).containsKey("/catch/w0-0");
            assertThat(Trees.read(onFollower, "/")).as("node %d's znodes against the leader's", follower).isEqualTo(expected);
        }
    }
}
