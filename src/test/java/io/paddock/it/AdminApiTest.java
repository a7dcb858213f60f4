package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HTTP admin API of a real in-JVM node, driven with the official ZooKeeper client and
 * read with java.net.http: every endpoint's shape and values, snapshot and backup (restored
 * into a working node), the health checks, errors as JSON, and a node without an HTTP port.
 */
class AdminApiTest {
    @TempDir
    Path dir;

    @Test
    void commandsReportTheTreeSessionsAndWatchesInZooKeepersShapes() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"), Http.httpOn()); ZooKeeper zk = node.client()) {
            int http = node.node.httpPort();
            JsonObject before = Http.json(http, "/admin/mntr", 200);
            assertThat(before.getString("command")).isEqualTo("monitor");
            assertThat(before.containsKey("error")).isTrue();
            assertThat(before.getValue("error")).isNull();
            assertThat(before.getString("server_state")).isEqualTo("standalone");
            int znodes = before.getInteger("znode_count");
            for (int i = 0; i < 5; i++) {
                zk.create("/n" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            zk.create("/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.getData("/n0", event -> { }, null);
            zk.getData("/n1", event -> { }, null);

            JsonObject mntr = Http.json(http, "/admin/mntr", 200);
            assertThat(mntr.getInteger("znode_count")).isEqualTo(znodes + 6);
            assertThat(mntr.getInteger("ephemerals_count")).isEqualTo(1);
            assertThat(mntr.getInteger("watch_count")).isEqualTo(2);
            assertThat(mntr.getInteger("num_alive_connections")).isEqualTo(1);
            assertThat(mntr.getInteger("global_sessions")).isEqualTo(1);
            assertThat(mntr.getDouble("avg_latency")).isNotNegative();
            assertThat(mntr.getLong("packets_received")).isGreaterThanOrEqualTo(8);
            assertThat(mntr.getLong("data_dir_size")).isPositive();
            assertThat(mntr.getString("version")).contains("paddock");

            JsonObject srvr = Http.json(http, "/admin/srvr", 200);
            assertThat(srvr.getString("command")).isEqualTo("server_stats");
            assertThat(srvr.getInteger("node_count")).isEqualTo(znodes + 6);
            assertThat(srvr.getBoolean("read_only")).isFalse();
            JsonObject stats = srvr.getJsonObject("server_stats");
            assertThat(stats.getString("server_state")).isEqualTo("standalone");
            assertThat(stats.getInteger("num_alive_client_connections")).isEqualTo(1);
            assertThat(stats.getString("last_processed_zxid")).startsWith("0x");
            assertThat(stats.getLong("packets_sent")).isGreaterThanOrEqualTo(8);

            JsonArray connections = Http.json(http, "/admin/cons", 200).getJsonArray("connections");
            assertThat(connections).hasSize(1);
            JsonObject connection = connections.getJsonObject(0);
            assertThat(connection.getString("session_id")).isEqualTo("0x" + Long.toHexString(zk.getSessionId()));
            assertThat(connection.getString("remote_socket_address")).startsWith("127.0.0.1:");
            // A ping may follow the last getData if the machine is slow enough for the client to idle.
            assertThat(connection.getString("last_operation")).isIn("GETD", "PING");
            assertThat(connection.getLong("packets_received")).isGreaterThanOrEqualTo(8);

            JsonObject wchs = Http.json(http, "/admin/wchs", 200);
            assertThat(wchs.getString("command")).isEqualTo("watch_summary");
            assertThat(wchs.getInteger("num_connections")).isEqualTo(1);
            assertThat(wchs.getInteger("num_paths")).isEqualTo(2);
            assertThat(wchs.getInteger("num_total_watches")).isEqualTo(2);
        }
    }

    @Test
    void confMembersRuokIndexAndHealth() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"), Http.httpOn())) {
            int http = node.node.httpPort();
            assertThat(Http.json(http, "/admin/ruok", 200).getString("command")).isEqualTo("ruok");

            JsonObject conf = Http.json(http, "/admin/conf", 200);
            assertThat(conf.getInteger("client_port")).isEqualTo(node.port());
            assertThat(conf.getInteger("http_port")).isEqualTo(http);
            assertThat(conf.getInteger("tick_time")).isEqualTo(TestNode.TICK_MS);
            assertThat(conf.getString("data_dir")).isEqualTo(dir.resolve("data").toAbsolutePath().toString());
            assertThat(conf.getInteger("server_id")).isZero();

            JsonObject members = Http.json(http, "/admin/members", 200);
            assertThat(members.getString("mode")).isEqualTo("standalone");
            assertThat(members.getBoolean("serving")).isTrue();
            assertThat(members.getInteger("leader_id")).isEqualTo(1);
            assertThat(members.getJsonArray("members")).hasSize(1);
            JsonObject self = members.getJsonArray("members").getJsonObject(0);
            assertThat(self.getInteger("id")).isEqualTo(1);
            assertThat(self.getInteger("client_port")).isEqualTo(node.port());
            assertThat(self.getBoolean("self")).isTrue();
            assertThat(self.getBoolean("leader")).isTrue();

            assertThat(Http.json(http, "/admin", 200).getJsonArray("commands")).contains("/admin/mntr", "/admin/backup");
            assertThat(Http.json(http, "/", 200).getString("metrics")).isEqualTo("/metrics");
            assertThat(Http.json(http, "/health/live", 200).getString("status")).isEqualTo("live");
            JsonObject ready = Http.json(http, "/health/ready", 200);
            assertThat(ready.getString("status")).isEqualTo("ready");
            assertThat(ready.getString("mode")).isEqualTo("standalone");
        }
    }

    @Test
    void badPathsAndMethodsGetJsonErrors() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"), Http.httpOn())) {
            int http = node.node.httpPort();
            assertThat(Http.json(http, "/admin/nope", 404).getString("error")).isEqualTo("no such endpoint: /admin/nope");
            assertThat(Http.json(http, "/nothing/here", 404).getString("error")).contains("/nothing/here");
            HttpResponse<String> post = Http.post(http, "/admin/srvr");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(new JsonObject(post.body()).getString("error")).isEqualTo("POST is not allowed on /admin/srvr");
        }
    }

    @Test
    void snapshotTakesOneNow() throws Exception {
        Path data = dir.resolve("data");
        try (TestNode node = TestNode.start(data, Http.httpOn()); ZooKeeper zk = node.client()) {
            zk.create("/s", "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            HttpResponse<String> response = Http.post(node.node.httpPort(), "/admin/snapshot");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonObject body = new JsonObject(response.body());
            assertThat(body.getString("command")).isEqualTo("snapshot");
            long zxid = Long.decode(body.getString("zxid"));
            assertThat(zxid).isEqualTo(zk.exists("/s", false).getMzxid());
            assertThat(data.resolve("snapshots").resolve(body.getString("file"))).isRegularFile();
            assertThat(body.getString("file")).isEqualTo(String.format("snapshot.%016x", zxid));
        }
    }

    @Test
    void backupStreamsAZipThatRestoresIntoAWorkingNode() throws Exception {
        Path data = dir.resolve("data");
        Path zip = dir.resolve("backup.zip");
        try (TestNode node = TestNode.start(data, SnapshotRecoveryTest.FLAGS); ZooKeeper zk = node.client()) {
            for (int i = 0; i < 30; i++) {
                zk.create("/b" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        }
        Map<String, String> flags = new HashMap<>(SnapshotRecoveryTest.FLAGS);
        flags.putAll(Http.httpOn());
        try (TestNode node = TestNode.start(data, flags); ZooKeeper zk = node.client()) {
            SnapshotRecoveryTest.snapshotNow(node); // the backup then holds a snapshot and the log after it
            for (int i = 30; i < 60; i++) {
                zk.create("/b" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            HttpResponse<Path> response = Http.download(node.node.httpPort(), "/admin/backup", zip);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("application/zip");
            assertThat(response.headers().firstValue("content-disposition").orElseThrow()).startsWith("attachment;");
        }
        Path unpacked = unzip(zip, dir.resolve("unpacked"));
        assertThat(unpacked.resolve("snapshots")).isDirectory();
        assertThat(unpacked.resolve("log")).isDirectory();
        Path restored = dir.resolve("restored");
        StorageToolsTest.Run run = StorageToolsTest.run("restore", "--from", unpacked.toString(), "--data-dir",
                restored.toString());
        assertThat(run.code()).as(run.out()).isZero();
        try (TestNode node = TestNode.start(restored); ZooKeeper zk = node.client()) {
            for (int i = 0; i < 60; i++) {
                assertThat(zk.getData("/b" + i, false, null)).as("/b" + i).isEqualTo(("v" + i).getBytes());
            }
        }
    }

    @Test
    void bannerNamesEveryPortAndIsLoggedOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.paddock.node.PaddockNode");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (TestNode node = TestNode.start(dir.resolve("data"), Http.httpOn())) {
            String client = "127.0.0.1:" + node.port();
            String http = "http://127.0.0.1:" + node.node.httpPort();
            String banner = node.node.banner();
            assertThat(banner).startsWith("==== Paddock 0.1.0 node 1 (standalone) ====\n")
                    .contains("client   " + client + "   (zkCli.sh -server " + client)
                    .contains("console  " + http + "/\n")
                    .contains("metrics  " + http + "/metrics\n")
                    .contains("data     " + dir.resolve("data"));
            List<String> logged = new ArrayList<>();
            appender.list.forEach(event -> logged.add(event.getFormattedMessage()));
            assertThat(logged).filteredOn(line -> line.contains("==== Paddock")).singleElement().asString()
                    .isEqualTo("\n" + banner);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void httpPortZeroStartsNoHttpServer() throws Exception {
        try (TestNode node = TestNode.start(dir.resolve("data"))) {
            assertThat(node.config.httpPort()).isZero();
            assertThat(node.node.httpPort()).isZero();
            assertThat(node.node.httpRouter()).isNull();
            assertThat(node.node.banner()).contains("http     off (httpPort 0)").doesNotContain("/metrics");
        }
    }

    @Test
    void aTakenHttpPortStopsStartUpNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                    TestNode.start(dir.resolve("data"), Map.of("http-port", Integer.toString(port))));
            assertThat(failure).hasStackTraceContaining("cannot open the HTTP port 127.0.0.1:" + port)
                    .hasStackTraceContaining("httpPort");
        }
    }

    private static Path unzip(Path zip, Path to) throws IOException {
        Files.createDirectories(to);
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = to.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(to)).as(entry.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        return to;
    }
}
