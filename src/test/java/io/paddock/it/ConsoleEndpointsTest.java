package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web console needs from the HTTP port, over real HTTP against an in-JVM node: the page
 * and every module it imports (served with their content types and the console's security
 * headers), the JSON index still answered at {@code /} to anything but a browser, and the admin
 * endpoints the console added: {@code /admin/sessions} (sessions with their ephemerals and
 * connections) and {@code /admin/watches} (each watch with its kinds), and
 * {@code extended_types_enabled} in {@code /admin/conf}.
 */
class ConsoleEndpointsTest {
    private static final Pattern IMPORT = Pattern.compile("from \"\\./([a-z-]+\\.js)\"");

    @TempDir
    Path dir;

    private static TestNode node(Path dir, boolean ttl) throws Exception {
        return TestNode.start(dir.resolve("data"), Map.of("http-port", Integer.toString(Http.freePort()),
                "extended-types-enabled", Boolean.toString(ttl)));
    }

    @Test
    void theConsoleIsServedToBrowsersAndTheIndexToEveryoneElse() throws Exception {
        try (TestNode node = node(dir, false)) {
            int http = node.node.httpPort();
            HttpResponse<String> page = Http.get(http, "/", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("content-security-policy").orElse(""))
                    .contains("default-src 'self'", "connect-src 'self'");
            assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/console/main.js\"></script>");
            assertThat(Http.get(http, "/console/", "text/html").body()).isEqualTo(page.body());

            assertThat(Http.json(http, "/", 200).getString("console")).isEqualTo("/console/");
            HttpResponse<String> bare = Http.get(http, "/console");
            assertThat(bare.statusCode()).isEqualTo(302);
            assertThat(bare.headers().firstValue("location")).hasValue("/console/");
            assertThat(Http.get(http, "/console/console.css").headers().firstValue("content-type"))
                    .hasValue("text/css; charset=utf-8");
            assertThat(Http.json(http, "/console/nothing.js", 404).getString("error")).contains("/console/nothing.js");

            // Every module reachable from main.js is served, as JavaScript.
            Set<String> seen = new HashSet<>();
            Deque<String> modules = new ArrayDeque<>(List.of("main.js"));
            while (!modules.isEmpty()) {
                String module = modules.pop();
                if (!seen.add(module)) {
                    continue;
                }
                HttpResponse<String> response = Http.get(http, "/console/" + module);
                assertThat(response.statusCode()).as(module).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).as(module)
                        .hasValue("text/javascript; charset=utf-8");
                Matcher imports = IMPORT.matcher(response.body());
                while (imports.find()) {
                    modules.add(imports.group(1));
                }
            }
            assertThat(seen).contains("main.js", "live-tree.js", "node-view.js", "cluster-view.js", "sessions-view.js",
                    "charts.js", "prometheus.js", "bytes.js", "dom.js", "admin.js");
            assertThat(Http.json(http, "/admin/conf", 200).getBoolean("extended_types_enabled")).isFalse();
        }
    }

    @Test
    void sessionsListTheirEphemeralsAndConnectionsAndWatchesTheirKinds() throws Exception {
        try (TestNode node = node(dir, true);
             ZooKeeper owner = node.client(10_000, null);
             ZooKeeper other = node.client(10_000, null)) {
            int http = node.node.httpPort();
            owner.create("/s", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            owner.create("/s/e2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            owner.create("/s/e1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            owner.getData("/s", event -> { }, null);
            owner.getChildren("/s", event -> { });
            owner.addWatch("/s", event -> { }, AddWatchMode.PERSISTENT_RECURSIVE);
            other.exists("/absent", event -> { });

            JsonObject sessions = Http.json(http, "/admin/sessions", 200);
            assertThat(sessions.getString("command")).isEqualTo("sessions");
            assertThat(sessions.getInteger("session_count")).isEqualTo(2);
            JsonObject mine = session(sessions, owner.getSessionId());
            assertThat(mine.getInteger("ephemeral_count")).isEqualTo(2);
            assertThat(mine.getJsonArray("ephemerals").getList()).containsExactly("/s/e1", "/s/e2");
            assertThat(mine.getInteger("timeout")).isEqualTo(owner.getSessionTimeout());
            assertThat(mine.getJsonObject("connection").getString("protocol")).isEqualTo("zookeeper");
            assertThat(mine.getJsonObject("connection").getString("remote_socket_address")).startsWith("127.0.0.1:");
            assertThat(session(sessions, other.getSessionId()).getJsonArray("ephemerals").getList()).isEmpty();

            JsonObject watches = Http.json(http, "/admin/watches", 200);
            String ownerId = "0x" + Long.toHexString(owner.getSessionId());
            String otherId = "0x" + Long.toHexString(other.getSessionId());
            assertThat(watches.getJsonObject("watches").getJsonArray(ownerId).getList()).containsExactly("/s");
            assertThat(watches.getJsonObject("kinds").getJsonObject(ownerId).getJsonArray("/s").getList())
                    .containsExactly("data", "children", "recursive");
            assertThat(watches.getJsonObject("kinds").getJsonObject(otherId).getJsonArray("/absent").getList())
                    .containsExactly("data");
            assertThat(watches.getBoolean("truncated")).isFalse();
            assertThat(Http.json(http, "/admin", 200).getJsonArray("commands").getList())
                    .contains("/admin/sessions", "/admin/watches");
            assertThat(Http.json(http, "/admin/conf", 200).getBoolean("extended_types_enabled")).isTrue();

            owner.close();
            assertThat(Http.json(http, "/admin/sessions", 200).getInteger("session_count")).isEqualTo(1);
        }
    }

    private static JsonObject session(JsonObject sessions, long id) {
        String hex = "0x" + Long.toHexString(id);
        return sessions.getJsonArray("sessions").stream().map(JsonObject.class::cast)
                .filter(s -> hex.equals(s.getString("session_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + hex + " in " + sessions.encodePrettily()));
    }
}
