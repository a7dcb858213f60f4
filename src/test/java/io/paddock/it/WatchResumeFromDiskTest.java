package io.paddock.it;

import io.paddock.it.WatchResumeTest.Change;

import static io.paddock.it.WsClient.errorCode;
import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.node.PaddockNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Resumable watches that reach back past the memory history (five txns here) into the node's
 * snapshots and txn log: a resume from a zxid after a retained snapshot gets every event since,
 * exactly once, in zxid order (computed from the zxids the ZooKeeper client saw), ACL-filtered
 * with the ACL the znode had (a deleted secret znode is seen by its owner only), with a
 * closeSession's ephemeral deletion, then live events with no gap; the session's later requests
 * are answered in order behind it; before the oldest retained snapshot the answer is
 * HISTORY_GONE with that snapshot's zxid, from which a resume works, until purge removes it.
 */
class WatchResumeFromDiskTest extends WebSocketClientTest {
    private static final Map<String, String> FLAGS = Map.of("watch-history-txns", "5",
            "snapshot-txn-count-max", "100000", "autopurge-snap-retain-count", "3");

    /** Takes a snapshot now through the admin API; returns its zxid. */
    private static long snapshot(TestNode node) throws Exception {
        return snapshot(node.node.httpPort());
    }

    private static long snapshot(int httpPort) throws Exception {
        var response = Http.post(httpPort, "/admin/snapshot");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.decode(new JsonObject(response.body()).getString("zxid"));
    }

    /** How many resumes the node read from disk with that outcome, from its Prometheus metrics. */
    private static long diskReads(TestNode node, String outcome) throws Exception {
        String prefix = "paddock_watch_history_disk_seconds_count{outcome=\"" + outcome + "\"";
        return Http.get(node.node.httpPort(), "/metrics").body().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    private static List<Change> replayed(WsClient ws, long addWatchId) {
        return ws.events().stream().filter(e -> Long.valueOf(addWatchId).equals(e.getLong("replayFor")))
                .map(Change::of).toList();
    }

    @Test
    void aResumeOlderThanMemoryIsServedFromTheSnapshotAndLogExactlyAsLive() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, FLAGS); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient anonymous = WsClient.session(vertx, node.node.httpPort(), 10_000);
             WsClient bob = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            zk.create("/r", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            snapshot(node);
            zk.create("/r/old", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            long fromZxid = zk.setData("/r", "from".getBytes(StandardCharsets.UTF_8), -1).getMzxid();
            List<Change> everyone = new ArrayList<>();
            List<Change> secretOnly = new ArrayList<>();
            changes(node, zk, everyone, secretOnly);
            List<Change> forBob = new ArrayList<>(everyone);
            forBob.addAll(secretOnly);
            forBob.sort((a, b) -> Long.compare(a.zxid(), b.zxid()));

            result(bob.call("addAuth", "scheme", "digest", "auth", "bob:pw"));
            long anonymousId = anonymous.post(new JsonObject().put("op", "addWatch").put("path", "/r")
                    .put("mode", "PERSISTENT_RECURSIVE").put("fromZxid", hex(fromZxid)));
            long bobId = bob.post(new JsonObject().put("op", "addWatch").put("path", "/r")
                    .put("mode", "PERSISTENT_RECURSIVE").put("fromZxid", hex(fromZxid)));
            result(anonymous.reply(anonymousId));
            result(bob.reply(bobId));
            assertThat(replayed(anonymous, anonymousId)).isEqualTo(everyone);
            assertThat(replayed(bob, bobId)).isEqualTo(forBob);

            Stat live = zk.setData("/r/a", "live".getBytes(StandardCharsets.UTF_8), -1);
            Change liveChange = new Change("NodeDataChanged", "/r/a", live.getMzxid());
            assertThat(anonymous.awaitEvents(everyone.size() + 1).stream().map(Change::of).toList())
                    .endsWith(liveChange).hasSize(everyone.size() + 1).doesNotHaveDuplicates();
            assertThat(bob.awaitEvents(forBob.size() + 1).stream().map(Change::of).toList())
                    .endsWith(liveChange).hasSize(forBob.size() + 1).doesNotHaveDuplicates();
            anonymous.assertAlive();
            assertThat(anonymous.events()).hasSize(everyone.size() + 1);
            assertThat(diskReads(node, "rebuilt")).as("both resumes were read from disk").isEqualTo(2);
            assertThat(diskReads(node, "gone")).isZero();
        }
    }

    /**
     * More txns under /r than memory holds, with a snapshot among them (newer than the resume,
     * so not the one to start from), a secret znode created and deleted, and an ephemeral that
     * its session's close deletes; {@code everyone} gets what a reader of /r may see,
     * {@code secretOnly} what only bob may.
     */
    private static void changes(TestNode node, ZooKeeper zk, List<Change> everyone, List<Change> secretOnly)
            throws Exception {
        Stat stat = new Stat();
        zk.create("/r/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        everyone.add(new Change("NodeCreated", "/r/a", stat.getCzxid()));
        List<ACL> secret = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest",
                DigestAuthenticationProvider.generateDigest("bob:pw")))));
        zk.create("/r/secret", new byte[0], secret, CreateMode.PERSISTENT, stat);
        secretOnly.add(new Change("NodeCreated", "/r/secret", stat.getCzxid()));
        for (int i = 0; i < 4; i++) {
            everyone.add(new Change("NodeDataChanged", "/r/a", zk.setData("/r/a", new byte[] {(byte) i}, -1).getMzxid()));
        }
        snapshot(node);
        zk.delete("/r/secret", -1);
        secretOnly.add(new Change("NodeDeleted", "/r/secret", zk.exists("/r", false).getPzxid()));
        try (ZooKeeper other = WebSocketProtocolTest.tcp(node)) {
            other.create("/r/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
            everyone.add(new Change("NodeCreated", "/r/eph", stat.getCzxid()));
        }
        // The other session's close deleted its ephemeral: that txn is a closeSession, and /r's pzxid is its zxid.
        everyone.add(new Change("NodeDeleted", "/r/eph", zk.exists("/r", false).getPzxid()));
        zk.create("/elsewhere", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 6; i++) {
            everyone.add(new Change("NodeDataChanged", "/r/a", zk.setData("/r/a", new byte[] {(byte) i}, -1).getMzxid()));
        }
    }

    @Test
    void requestsPipelinedBehindADiskBackedResumeAreAnsweredInOrder() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, FLAGS); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            zk.create("/q", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            long fromZxid = snapshot(node);
            List<Long> zxids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                zxids.add(zk.setData("/q", new byte[] {(byte) i}, -1).getMzxid());
            }
            List<Long> ids = new ArrayList<>();
            long watchId = ws.post(new JsonObject().put("op", "addWatch").put("path", "/q").put("fromZxid", hex(fromZxid)));
            ids.add(watchId);
            ids.add(ws.post(new JsonObject().put("op", "getData").put("path", "/q")));
            long writeId = ws.post(new JsonObject().put("op", "setData").put("path", "/q").put("data", "mine"));
            ids.add(writeId);
            ids.add(ws.post(new JsonObject().put("op", "ping")));
            ids.add(ws.post(new JsonObject().put("op", "exists").put("path", "/q")));
            // Only one write behind the resume: with five txns in memory, each write that commits while
            // the disk is read moves memory past the rebuilt range and costs one more rebuild; a
            // second write could exhaust the two a resume gets, depending on timing.
            ids.add(ws.post(new JsonObject().put("op", "getChildren").put("path", "/q")));
            JsonObject last = ws.reply(ids.get(ids.size() - 1));
            result(last);

            List<JsonObject> received = ws.received();
            List<Long> replyOrder = received.stream().filter(m -> "reply".equals(m.getString("type")))
                    .map(m -> m.getLong("id")).filter(ids::contains).toList();
            assertThat(replyOrder).as("replies in request order").isEqualTo(ids);
            result(ws.reply(watchId));
            assertThat(replayed(ws, watchId).stream().map(Change::zxid).toList())
                    .as("the replay: the txns after the snapshot, from the disk, then memory")
                    .startsWith(zxids.toArray(new Long[0]));
            long written = Long.decode(result(ws.reply(writeId)).getJsonObject("stat").getString("mzxid"));
            List<Long> writeEvents = new ArrayList<>();
            int writeReplyAt = -1;
            for (int i = 0; i < received.size(); i++) {
                JsonObject message = received.get(i);
                if ("event".equals(message.getString("type")) && Long.decode(message.getString("zxid")) == written) {
                    writeEvents.add((long) i);
                }
                if ("reply".equals(message.getString("type")) && Long.valueOf(writeId).equals(message.getLong("id"))) {
                    writeReplyAt = i;
                }
            }
            assertThat(writeEvents).as("the session's own write's event, once").hasSize(1);
            assertThat(writeEvents.get(0)).as("before the write's reply").isLessThan(writeReplyAt);
        }
    }

    @Test
    void beforeTheOldestRetainedSnapshotTheAnswerIsHistoryGoneWithThatSnapshotsZxid() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, FLAGS); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            Stat created = new Stat();
            zk.create("/h", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
            long oldest = snapshot(node);
            List<Long> zxids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                zxids.add(zk.setData("/h", new byte[] {(byte) i}, -1).getMzxid());
            }
            assertThat(oldest).as("the snapshot holds /h and none of its changes")
                    .isGreaterThanOrEqualTo(created.getCzxid()).isLessThan(zxids.get(0));
            JsonObject gone = ws.call("addWatch", "path", "/h", "fromZxid", hex(created.getCzxid() - 1));
            assertThat(errorCode(gone)).isEqualTo("HISTORY_GONE");
            assertThat(gone.getJsonObject("error").getString("oldestZxid")).isEqualTo(hex(oldest));
            assertThat(ws.events()).isEmpty();

            long id = ws.post(new JsonObject().put("op", "addWatch").put("path", "/h")
                    .put("fromZxid", gone.getJsonObject("error").getString("oldestZxid")));
            result(ws.reply(id));
            assertThat(replayed(ws, id)).isEqualTo(zxids.stream().map(zxid -> new Change("NodeDataChanged", "/h", zxid))
                    .toList());

            // Three newer snapshots, four changes before each: the purge keeps them and removes the one
            // resumed from; the oldest kept is older than memory (the last five changes), so it is the answer.
            List<Long> kept = new ArrayList<>();
            List<Long> later = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                later.add(zk.setData("/h", new byte[] {(byte) (20 + i)}, -1).getMzxid());
                if (i % 4 == 3) {
                    kept.add(snapshot(node));
                }
            }
            JsonObject purged = ws.call("addWatch", "path", "/h", "fromZxid", hex(oldest));
            assertThat(errorCode(purged)).isEqualTo("HISTORY_GONE");
            assertThat(purged.getJsonObject("error").getString("oldestZxid")).isEqualTo(hex(kept.get(0)));
            assertThat(diskReads(node, "gone")).as("both HISTORY_GONE answers came from looking at the disk").isEqualTo(2);
            long again = ws.post(new JsonObject().put("op", "addWatch").put("path", "/h").put("mode", "PERSISTENT_RECURSIVE")
                    .put("fromZxid", hex(kept.get(0))));
            result(ws.reply(again));
            assertThat(replayed(ws, again)).isEqualTo(later.stream().filter(zxid -> zxid > kept.get(0))
                    .map(zxid -> new Change("NodeDataChanged", "/h", zxid)).toList()).hasSizeGreaterThan(5);
        }
    }

    @Test
    void afterARestartAResumeFromBeforeItIsServedFromDisk() throws Exception {
        long fromZxid;
        List<Change> expected = new ArrayList<>();
        try (TestNode node = WebSocketProtocolTest.node(dir, FLAGS); ZooKeeper zk = WebSocketProtocolTest.tcp(node)) {
            zk.create("/r", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            snapshot(node);
            fromZxid = zk.setData("/r", new byte[] {1}, -1).getMzxid();
            for (int i = 0; i < 4; i++) {
                expected.add(new Change("NodeDataChanged", "/r", zk.setData("/r", new byte[] {(byte) i}, -1).getMzxid()));
            }
        }
        try (TestNode node = WebSocketProtocolTest.node(dir, FLAGS); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            expected.add(new Change("NodeDataChanged", "/r", zk.setData("/r", new byte[] {9}, -1).getMzxid()));
            long id = ws.post(new JsonObject().put("op", "addWatch").put("path", "/r").put("fromZxid", hex(fromZxid)));
            result(ws.reply(id));
            assertThat(replayed(ws, id)).isEqualTo(expected);
        }
    }

    @Test
    void onEveryEnsembleMemberAResumeIsServedFromThatMembersOwnFiles() throws Exception {
        InJvmEnsemble ensemble = new InJvmEnsemble();
        try {
            List<PaddockNode> nodes = ensemble.start(dir,
                    new JsonObject().put("watchHistoryTxns", 5)).nodes();
            String connect = String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clientPort()).toList());
            try (ZooKeeper zk = new ZooKeeper(connect, 10_000, event -> { })) {
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> zk.getState().isConnected());
                zk.create("/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (PaddockNode node : nodes) {
                    snapshot(node.httpPort()); // each member's of its own applied tree, at or before the next write
                }
                long fromZxid = zk.setData("/c", new byte[] {1}, -1).getMzxid();
                List<Change> expected = new ArrayList<>();
                Stat stat = new Stat();
                for (int i = 0; i < 4; i++) {
                    zk.create("/c/n" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
                    expected.add(new Change("NodeCreated", "/c/n" + i, stat.getCzxid()));
                    expected.add(new Change("NodeDataChanged", "/c/n" + i,
                            zk.setData("/c/n" + i, new byte[] {2}, -1).getMzxid()));
                }
                for (PaddockNode node : nodes) {
                    try (WsClient ws = WsClient.session(vertx, node.httpPort(), 10_000)) {
                        long sync = ws.post(new JsonObject().put("op", "sync"));
                        long id = ws.post(new JsonObject().put("op", "addWatch").put("path", "/c")
                                .put("mode", "PERSISTENT_RECURSIVE").put("fromZxid", hex(fromZxid)));
                        result(ws.reply(sync));
                        result(ws.reply(id));
                        assertThat(replayed(ws, id)).as("member on client port %d", node.clientPort()).isEqualTo(expected);
                    }
                }
            }
        } finally {
            ensemble.stop();
        }
    }
}
