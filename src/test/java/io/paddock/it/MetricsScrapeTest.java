package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} after a small load through the official ZooKeeper client: every metric
 * family the node promises is there, with values that follow from the load (request counts
 * equal to the ops done, latencies above zero, the znode count, fsyncs, the snapshot, GC).
 */
class MetricsScrapeTest {
    private static final int CREATES = 40;
    private static final int READS = 25;
    private static final int WRITES = 15;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*$");

    @TempDir
    java.nio.file.Path dir;

    @Test
    void scrapeAfterALoadFindsEveryFamilyWithPlausibleValues() throws Exception {
        try (TestNode node = TestNode.start(dir, Http.httpOn()); ZooKeeper zk = node.client()) {
            int http = node.node.httpPort();
            int znodesBefore = Http.json(http, "/admin/mntr", 200).getInteger("znode_count");
            for (int i = 0; i < CREATES; i++) {
                zk.create("/m" + i, new byte[100], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            for (int i = 0; i < READS; i++) {
                zk.getData("/m" + i, false, null);
            }
            for (int i = 0; i < WRITES; i++) {
                zk.setData("/m" + i, new byte[10], -1);
            }
            zk.create("/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.exists("/m0", event -> { });
            assertThat(Http.post(http, "/admin/snapshot").statusCode()).isEqualTo(200);
            System.gc(); // a collection, so that the JVM's GC pause timer has a sample

            await().atMost(30, TimeUnit.SECONDS).until(() -> sum(scrape(http), "jvm_gc_pause_seconds_count{") > 0);
            HttpResponse<String> response = Http.get(http, "/metrics");
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
            Map<String, Double> m = parse(response.body());

            assertRequests(m, "create", CREATES + 1);
            assertRequests(m, "getData", READS);
            assertRequests(m, "setData", WRITES);
            assertRequests(m, "exists", 1);
            assertThat(m.get("paddock_requests_seconds_bucket{op=\"create\",le=\"+Inf\"}")).isEqualTo(CREATES + 1.0);
            assertThat(m.get("paddock_requests_outstanding")).isZero();

            assertThat(m.get("paddock_fsync_seconds_count")).isPositive();
            assertThat(m.get("paddock_fsync_seconds_sum")).isPositive();
            // Every write and the session's creation went through some fsync; group commit may merge them.
            assertThat(m.get("paddock_fsync_entries_txns_sum")).isGreaterThanOrEqualTo(CREATES + 1 + WRITES + 1);
            assertThat(m.get("paddock_proposal_commit_seconds_count")).isPositive();
            assertThat(m.get("paddock_proposal_commit_seconds_sum")).isPositive();
            assertThat(m.get("paddock_txns_applied_total")).isGreaterThanOrEqualTo(CREATES + 1 + WRITES + 1);

            assertThat(m.get("paddock_znodes")).isEqualTo(znodesBefore + CREATES + 1.0);
            assertThat(m.get("paddock_ephemerals")).isEqualTo(1.0);
            assertThat(m.get("paddock_sessions")).isEqualTo(1.0);
            assertThat(m.get("paddock_connections")).isEqualTo(1.0);
            assertThat(m.get("paddock_watches")).isEqualTo(1.0);
            // The data: CREATES values of 100 bytes, WRITES of which were then set to 10 bytes; and the paths.
            assertThat(m.get("paddock_data_size_bytes")).isGreaterThanOrEqualTo((CREATES - WRITES) * 100.0 + WRITES * 10.0);

            assertThat(m.get("paddock_leader_changes_total")).isEqualTo(1.0);
            assertThat(m.get("paddock_role{role=\"leading\"}")).isEqualTo(1.0);
            assertThat(m.get("paddock_role{role=\"looking\"}")).isZero();
            assertThat(m.get("paddock_serving")).isEqualTo(1.0);
            assertThat(m.get("paddock_follower_lag_max_txns")).isZero();
            assertThat(m.get("paddock_snapshot_seconds_count")).isGreaterThanOrEqualTo(1.0);
            assertThat(m.get("paddock_snapshot_bytes_count")).isGreaterThanOrEqualTo(1.0);
            assertThat(m.get("paddock_event_loop_lag_seconds_count")).isPositive();

            assertThat(sum(m, "jvm_gc_pause_seconds_count{")).isPositive();
            assertThat(sum(m, "jvm_gc_pause_seconds_sum{")).isPositive();
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_threads_live_threads"));
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("vertx_http_server_requests_total"));
            dashboardQueriesOnlyWhatIsScraped(m);
        }
    }

    /** config/grafana-dashboard.json may not drift from the metric names: each one it queries is scraped. */
    private static void dashboardQueriesOnlyWhatIsScraped(Map<String, Double> m) throws Exception {
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("config/grafana-dashboard.json"));
        Matcher names = Pattern.compile("\\b((?:paddock|jvm|vertx)_[a-z0-9_]+)").matcher(dashboard);
        java.util.Set<String> queried = new java.util.TreeSet<>();
        while (names.find()) {
            queried.add(names.group(1));
        }
        // Per-peer lag exists on a leader with followers only; the rest must be on every node.
        queried.remove("paddock_follower_lag_txns");
        assertThat(queried).hasSizeGreaterThan(15);
        for (String name : queried) {
            assertThat(m.keySet()).as(name).anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
        }
        assertThat(dashboard).contains("pool_name");
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("vertx_pool_in_use{") && k.contains("pool_name="));
    }

    @Test
    void openMetricsIsServedWhenAskedFor() throws Exception {
        try (TestNode node = TestNode.start(dir, Http.httpOn())) {
            HttpResponse<String> response = Http.get(node.node.httpPort(), "/metrics",
                    "application/openmetrics-text; version=1.0.0");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(response.body()).contains("# TYPE paddock_znodes gauge").endsWith("# EOF\n");
        }
    }

    private static void assertRequests(Map<String, Double> m, String op, int count) {
        assertThat(m.get("paddock_requests_seconds_count{op=\"" + op + "\"}")).as(op + " count").isEqualTo((double) count);
        assertThat(m.get("paddock_requests_seconds_sum{op=\"" + op + "\"}")).as(op + " latency").isPositive();
        assertThat(m.get("paddock_requests_seconds_max{op=\"" + op + "\"}")).as(op + " max").isPositive();
    }

    /** The sum of every sample whose name and labels start with {@code prefix}. */
    private static double sum(Map<String, Double> m, String prefix) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    private static Map<String, Double> scrape(int http) throws Exception {
        return parse(Http.get(http, "/metrics").body());
    }

    /** Samples of the Prometheus text format by name and labels, exactly as written. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.matches()) {
                String labels = matcher.group(2) == null ? "" : matcher.group(2);
                samples.put(matcher.group(1) + labels, Double.parseDouble(matcher.group(3)));
            }
        }
        return samples;
    }
}
