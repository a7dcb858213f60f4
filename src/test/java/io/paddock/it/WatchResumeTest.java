package io.paddock.it;

import static io.paddock.it.WsClient.errorCode;
import static io.paddock.it.WsClient.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;

/**
 * Resumable watches: a persistent or recursive watch registered with {@code fromZxid} after a
 * forced disconnect gets exactly the events of the txns made meanwhile (computed here from the
 * zxids the ZooKeeper client saw for each change, including an ephemeral deleted by another
 * session's close, which no txn names), in order, then goes live with nothing repeated; an event
 * on a znode the session may not read is left out, as live. Past the retained history the answer
 * is HISTORY_GONE with the oldest zxid the node can serve, and resuming from there works.
 */
class WatchResumeTest extends WebSocketClientTest {
    record Change(String event, String path, long zxid) {
        static Change of(JsonObject event) {
            return new Change(event.getString("event"), event.getString("path"), Long.decode(event.getString("zxid")));
        }
    }

    /** The highest zxid in any reply or event received so far: what a client has seen. */
    private static long lastSeen(WsClient ws) {
        long last = 0;
        for (JsonObject message : ws.received()) {
            if (message.getValue("zxid") instanceof String zxid) {
                last = Math.max(last, Long.decode(zxid));
            }
        }
        return last;
    }

    @Test
    void watchesResumedAfterAForcedDisconnectMissNothingAndRepeatNothing() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of()); ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             Relay relay = Relay.to(vertx, node.node.httpPort())) {
            zk.create("/r", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/p", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            WsClient first = WsClient.session(vertx, relay.port(), 10_000);
            JsonObject connected = first.received().get(0);
            result(first.call("addWatch", "path", "/r", "mode", "PERSISTENT_RECURSIVE"));
            result(first.call("addWatch", "path", "/p"));
            Stat before = zk.setData("/r", "live".getBytes(StandardCharsets.UTF_8), -1);
            first.awaitEvents(1);
            List<Change> delivered = new ArrayList<>(first.events().stream().map(Change::of).toList());
            assertThat(delivered).containsExactly(new Change("NodeDataChanged", "/r", before.getMzxid()));
            long seen = lastSeen(first);
            relay.cut();
            first.awaitClosed();
            first.close();

            List<Change> recursive = new ArrayList<>();
            List<Change> persistent = new ArrayList<>();
            changesWhileAway(node, zk, recursive, persistent);

            try (WsClient back = WsClient.open(vertx, relay.port())) {
                back.connect(new JsonObject().put("sessionId", connected.getString("sessionId"))
                        .put("password", connected.getString("password")).put("lastZxidSeen", "0x" + Long.toHexString(seen)));
                long onR = back.post(new JsonObject().put("op", "addWatch").put("path", "/r")
                        .put("mode", "PERSISTENT_RECURSIVE").put("fromZxid", "0x" + Long.toHexString(seen)));
                long onP = back.post(new JsonObject().put("op", "addWatch").put("path", "/p")
                        .put("fromZxid", "0x" + Long.toHexString(seen)));
                result(back.reply(onR));
                result(back.reply(onP));
                assertThat(replayed(back, onR)).isEqualTo(recursive);
                assertThat(replayed(back, onP)).isEqualTo(persistent);
                int replayedCount = back.events().size();

                Stat after = zk.setData("/r/a", "live again".getBytes(StandardCharsets.UTF_8), -1);
                Stat onPersistent = zk.setData("/p", "live too".getBytes(StandardCharsets.UTF_8), -1);
                List<JsonObject> all = back.awaitEvents(replayedCount + 2);
                assertThat(all.subList(replayedCount, all.size()).stream().map(Change::of).toList()).containsExactly(
                        new Change("NodeDataChanged", "/r/a", after.getMzxid()),
                        new Change("NodeDataChanged", "/p", onPersistent.getMzxid()));
                back.assertAlive();
                assertThat(back.events()).hasSize(replayedCount + 2);

                delivered.addAll(back.events().stream().map(Change::of).toList());
                assertThat(delivered).as("no event twice").doesNotHaveDuplicates();
            }
        }
    }

    /**
     * Changes under /r and /p while the client is away, with the events a recursive watch on /r
     * and a persistent one on /p must get, in zxid order; the zxids come from what the ZooKeeper
     * client sees of each change.
     */
    private static void changesWhileAway(TestNode node, ZooKeeper zk, List<Change> recursive, List<Change> persistent)
            throws Exception {
        Stat stat = new Stat();
        zk.create("/r/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        recursive.add(new Change("NodeCreated", "/r/a", stat.getCzxid()));
        recursive.add(new Change("NodeDataChanged", "/r/a", zk.setData("/r/a", new byte[] {1}, -1).getMzxid()));
        zk.create("/r/a/b", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        recursive.add(new Change("NodeCreated", "/r/a/b", stat.getCzxid()));
        zk.delete("/r/a/b", -1);
        recursive.add(new Change("NodeDeleted", "/r/a/b", zk.exists("/r/a", false).getPzxid()));

        // A mutable list: the Java client asks it whether it contains null, which List.of refuses to answer.
        List<ACL> secret = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest",
                DigestAuthenticationProvider.generateDigest("bob:pw")))));
        zk.create("/r/secret", new byte[0], secret, CreateMode.PERSISTENT); // not readable: no event, live or replayed

        zk.create("/p/kid", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        persistent.add(new Change("NodeChildrenChanged", "/p", stat.getCzxid()));
        persistent.add(new Change("NodeDataChanged", "/p", zk.setData("/p", new byte[] {2}, -1).getMzxid()));
        zk.create("/elsewhere", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        try (ZooKeeper other = WebSocketProtocolTest.tcp(node)) {
            other.create("/r/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
            recursive.add(new Change("NodeCreated", "/r/eph", stat.getCzxid()));
        }
        // The other session's close deleted its ephemeral: that txn is a closeSession, and /r's pzxid is its zxid.
        recursive.add(new Change("NodeDeleted", "/r/eph", zk.exists("/r", false).getPzxid()));
    }

    private static List<Change> replayed(WsClient ws, long addWatchId) {
        return ws.events().stream().filter(e -> Long.valueOf(addWatchId).equals(e.getLong("replayFor")))
                .map(Change::of).toList();
    }

    @Test
    void pastTheRetainedHistoryTheAnswerIsHistoryGoneWithTheOldestZxidToResumeFrom() throws Exception {
        try (TestNode node = WebSocketProtocolTest.node(dir, Map.of("watch-history-txns", "5"));
             ZooKeeper zk = WebSocketProtocolTest.tcp(node);
             WsClient ws = WsClient.session(vertx, node.node.httpPort(), 10_000)) {
            Stat created = new Stat();
            zk.create("/h", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
            List<Long> zxids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                zxids.add(zk.setData("/h", new byte[] {(byte) i}, -1).getMzxid());
            }
            // Held: the last five txns with events (the 6th..10th setData); the oldest resumable zxid is the 5th's.
            JsonObject gone = ws.call("addWatch", "path", "/h", "fromZxid", "0x" + Long.toHexString(created.getCzxid()));
            assertThat(errorCode(gone)).isEqualTo("HISTORY_GONE");
            assertThat(gone.getJsonObject("error").getString("oldestZxid")).isEqualTo("0x" + Long.toHexString(zxids.get(4)));
            assertThat(gone.getJsonObject("error").getValue("zkCode")).isNull();
            assertThat(ws.events()).isEmpty();

            long id = ws.post(new JsonObject().put("op", "addWatch").put("path", "/h")
                    .put("fromZxid", gone.getJsonObject("error").getString("oldestZxid")));
            result(ws.reply(id));
            assertThat(replayed(ws, id)).isEqualTo(zxids.subList(5, 10).stream()
                    .map(zxid -> new Change("NodeDataChanged", "/h", zxid)).toList());

            JsonObject ahead = ws.call("addWatch", "path", "/h", "fromZxid", "0x" + Long.toHexString(zxids.get(9) + 1000));
            assertThat(errorCode(ahead)).isEqualTo("ZXID_AHEAD");
        }
    }
}
