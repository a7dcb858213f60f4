package io.paddock.process;

import static io.paddock.it.ZkOperationsCases.sync;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * sync as a ReadIndex: for hundreds of rounds, a setData acknowledged through one node (the
 * writer turns over all three) is seen by a sync followed by a getData on a follower other than
 * the writer's node (alternating between the two followers): the value and the mzxid of the
 * acknowledged write, never an older one.
 */
class SyncReadIT {
    private static final int ROUNDS = 300;
    private static final int SESSION_MS = 15_000;

    @RegisterExtension
    final Clusters clusters = Clusters.perTest();

    @TempDir
    Path tmp;

    @Test
    void syncThenReadOnAFollowerSeesTheWriteAcknowledgedElsewhere() throws Exception {
        LocalCluster cluster = clusters.in(tmp.resolve("cluster"));
        cluster.start(3);
        int leader = cluster.leader();
        List<Integer> followers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                followers.add(id);
            }
        }
        List<ZooKeeper> sessions = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                sessions.add(Zk.connect(cluster.connectString(id), SESSION_MS, null));
            }
            sessions.get(0).create("/sync", bytes("-1"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            int[] readsByNode = new int[4];
            for (int round = 0; round < ROUNDS; round++) {
                int writer = round % 3 + 1;
                int reader = followers.get(round % 2) == writer ? followers.get((round + 1) % 2) : followers.get(round % 2);
                Stat written = sessions.get(writer - 1).setData("/sync", bytes(Integer.toString(round)), -1);
                ZooKeeper reading = sessions.get(reader - 1);
                sync(reading, "/sync");
                Stat read = new Stat();
                String value = new String(reading.getData("/sync", false, read), StandardCharsets.UTF_8);
                assertThat(value).as("round %d: written through node %d (mzxid 0x%x), read after a sync on node %d "
                        + "(mzxid 0x%x)", round, writer, written.getMzxid(), reader, read.getMzxid())
                        .isEqualTo(Integer.toString(round));
                assertThat(read.getMzxid()).isEqualTo(written.getMzxid());
                readsByNode[reader]++;
            }
            for (int follower : followers) {
                assertThat(readsByNode[follower]).as("rounds read on follower %d", follower).isGreaterThan(ROUNDS / 3);
            }
        } finally {
            sessions.forEach(RestartIT::closeQuietly);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
