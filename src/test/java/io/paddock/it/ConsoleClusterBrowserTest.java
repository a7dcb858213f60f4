package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.node.PaddockNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console's cluster view on an ensemble of three in-JVM nodes, each with an HTTP port, in a
 * real headless Chromium: on the leader it names itself the leader and shows each follower's lag
 * as it measures it; on a follower it names the leader, and the follower's tree shows a znode
 * created through the leader's ZooKeeper port. Screenshots to target/screenshots/.
 */
class ConsoleClusterBrowserTest {
    @TempDir
    Path dir;

    private final InJvmEnsemble ensemble = new InJvmEnsemble();
    private final List<PaddockNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        ensemble.stop();
    }

    /** Three members on free loopback ports, each with an HTTP port; returns once every one started. */
    private void startEnsemble() throws Exception {
        nodes.addAll(ensemble.start(dir).nodes());
    }

    /** The leader's id, once every member serves and names the same leader, with both followers in sync. */
    private int agreedLeader() {
        int[] leader = new int[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Integer> named = new ArrayList<>();
            for (PaddockNode node : nodes) {
                JsonObject members = Http.json(node.httpPort(), "/admin/members", 200);
                if (!members.getBoolean("serving")) {
                    return false;
                }
                named.add(members.getInteger("leader_id"));
            }
            leader[0] = named.get(0);
            JsonObject fromLeader = Http.json(nodes.get(leader[0] - 1).httpPort(), "/admin/members", 200);
            long synced = fromLeader.getJsonArray("members").stream().map(JsonObject.class::cast)
                    .filter(m -> Boolean.TRUE.equals(m.getBoolean("synced"))).count();
            return leader[0] > 0 && named.stream().allMatch(id -> id == leader[0]) && synced == 2;
        });
        return leader[0];
    }

    @Test
    void theClusterViewNamesTheLeaderOnTheLeaderAndOnAFollower() throws Exception {
        startEnsemble();
        int leaderId = agreedLeader();
        PaddockNode leader = nodes.get(leaderId - 1);
        int followerId = leaderId % 3 + 1;
        PaddockNode follower = nodes.get(followerId - 1);
        try (Browser browser = Browser.start("console-cluster");
             ZooKeeper zk = new ZooKeeper("127.0.0.1:" + leader.clientPort(), 10_000, event -> { })) {
            browser.openConsole(leader.httpPort(), "cluster");
            browser.textContains(By.id("cluster-leader"), "Leader: server " + leaderId + " (127.0.0.1:"
                    + leader.clientPort() + "), this node.");
            browser.textContains(By.id("cluster-mode"), "leader");
            assertThat(browser.driver.findElements(By.cssSelector("#members tbody tr"))).hasSize(3);
            browser.textContains(By.cssSelector("#members tr[data-member-id='" + leaderId + "'][data-state='leader']"),
                    "this node");
            for (int id = 1; id <= 3; id++) {
                if (id != leaderId) {
                    // The leader measures each follower's lag: a number of txns, and in sync.
                    By row = By.cssSelector("#members tr[data-member-id='" + id + "'][data-state='follower']");
                    browser.textContains(row, "txn");
                    browser.textContains(row, "yes");
                    assertThat(browser.driver.findElement(row).findElement(By.cssSelector(".lag")).getText())
                            .matches("\\d+ txns?");
                }
            }
            browser.screenshot("console-cluster-leader");

            browser.openConsole(follower.httpPort(), "cluster");
            browser.textContains(By.id("cluster-leader"), "Leader: server " + leaderId + " (127.0.0.1:"
                    + leader.clientPort() + ").");
            browser.textContains(By.cssSelector("#members tr[data-member-id='" + followerId + "'][data-state='follower']"),
                    "this node");
            browser.visible(By.cssSelector("#members tr[data-member-id='" + leaderId + "'][data-state='leader']"));
            browser.screenshot("console-cluster-follower");

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState().isConnected());
            browser.click(By.cssSelector("#tabs button[data-view='tree']"));
            browser.visible(Browser.row("/zookeeper"));
            zk.create("/through-the-leader", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            browser.visible(Browser.row("/through-the-leader"));
            browser.assertNoConsoleError();
            assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
        }
    }
}
