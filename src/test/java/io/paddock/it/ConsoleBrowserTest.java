package io.paddock.it;

import static io.paddock.it.Browser.row;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium ({@link Browser}) against a real in-JVM node with an
 * HTTP port, and the official ZooKeeper client on the same node: the tree shows what is there and
 * what the ZooKeeper client creates and deletes afterwards, without a reload; data edited in the
 * console is what the ZooKeeper client reads, and an edit made against an older version fails
 * with BADVERSION; the console creates and deletes znodes (with versions), shows its session's
 * ephemerals and watches; the cluster view shows a standalone node as itself, and the charts get
 * data. Screenshots of each go to target/screenshots/.
 *
 * <p>One node, one browser and one ZooKeeper session for the class (a browser takes seconds to
 * start); each test opens the console afresh and works under its own paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private TestNode node;
    private ZooKeeper zk;
    private Browser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // The browser first: without one (or with -Dbrowser.tests=skip) nothing else is started.
        browser = Browser.start("console");
        node = TestNode.start(dir.resolve("data"), Map.of("http-port", Integer.toString(Http.freePort()),
                "max-session-timeout-ms", "20000", "extended-types-enabled", "true"));
        zk = node.client(10_000, null);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            try {
                if (zk != null) {
                    zk.close();
                }
            } finally {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    /** A screenshot of where each test ended (the evidence of a failure, too), then no errors in the page. */
    @AfterEach
    void noErrorsInTheBrowser(TestInfo test) throws Exception {
        browser.screenshot("end-of-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        browser.assertNoConsoleError();
        assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    private void create(String path, String data) throws Exception {
        zk.create(path, data.getBytes(UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private String read(String path) throws Exception {
        return new String(zk.getData(path, false, null), UTF_8);
    }

    @Test
    void theTreeShowsTheZnodesAndFollowsTheZooKeeperClientWithoutAReload() throws Exception {
        create("/shown", "here before the page");
        browser.openConsole(node.node.httpPort(), "tree");
        browser.visible(row("/zookeeper"));
        browser.visible(row("/shown"));
        // A mark in the page's JavaScript: a reload would lose it.
        browser.script("window.paddockTestMark = 'same page';");

        create("/appeared", "created by the ZooKeeper client");
        browser.visible(row("/appeared"));
        create("/shown/child", "");
        browser.textContains(row("/shown"), "(1)");
        browser.click(By.cssSelector("li[data-path='/shown'] > .row > .toggle"));
        browser.visible(row("/shown/child"));
        browser.textContains(By.id("event-log"), "NodeCreated /shown/child");
        browser.screenshot("console-tree-live");

        // A znode the console's session may not read: its view says so, and shows nothing of it.
        // (A mutable list: the ZooKeeper client asks it whether it contains null.)
        zk.create("/secret", "hidden".getBytes(UTF_8), new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL,
                new Id("digest", "someone:2ZGwPBfDgFxqmzHxCpsfIrNTB9k=")))), CreateMode.PERSISTENT);
        browser.click(row("/secret"));
        browser.textContains(By.id("node-data"), "NOAUTH");
        browser.textContains(By.id("node-stat"), "NOAUTH");
        browser.textContains(By.id("node-marks"), "no READ");
        assertThat(browser.driver.findElement(By.id("node-data")).getText()).doesNotContain("hidden");

        zk.delete("/appeared", -1);
        browser.gone(row("/appeared"));
        zk.delete("/shown/child", -1);
        browser.gone(row("/shown/child"));
        assertThat(browser.script("return window.paddockTestMark;")).isEqualTo("same page");
    }

    @Test
    void dataEditedInTheConsoleIsWhatTheZooKeeperClientReadsAndAStaleEditFailsWithBadVersion() throws Exception {
        create("/edit", "before");
        browser.openConsole(node.node.httpPort(), "tree");
        browser.click(row("/edit"));
        browser.textContains(By.id("node-data"), "before");
        assertThat(browser.visible(By.cssSelector("#node-stat [data-field='version']")).getText()).isEqualTo("0");

        browser.type(By.id("edit-data"), "after");
        browser.click(By.id("edit-save"));
        browser.textContains(By.id("edit-message"), "Saved: version 1");
        assertThat(read("/edit")).isEqualTo("after");

        // The editor holds an edit of version 1 when the ZooKeeper client writes version 2.
        browser.type(By.id("edit-data"), "a stale edit");
        zk.setData("/edit", "{\"from\":\"zk\",\"n\":[1,2]}".getBytes(UTF_8), 1);
        browser.textContains(By.id("node-data"), "\"from\":\"zk\"");
        browser.textContains(By.id("node-notice"), "will fail with BADVERSION");
        browser.click(By.id("edit-save"));
        browser.textContains(By.id("edit-message"), "BADVERSION");
        assertThat(read("/edit")).isEqualTo("{\"from\":\"zk\",\"n\":[1,2]}");
        browser.screenshot("console-edit-badversion");

        browser.click(By.id("view-json"));
        browser.textContains(By.id("node-data"), "{\n  \"from\": \"zk\",\n  \"n\": [\n    1,");
        browser.click(By.id("view-hex"));
        browser.textContains(By.id("node-data"), "00000000  7b 22 66 72 6f 6d 22");
        browser.screenshot("console-data-hex");

        browser.click(By.id("node-reload"));
        browser.click(By.id("edit-as-hex"));
        browser.type(By.id("edit-data"), "00 ff 10");
        browser.click(By.id("edit-save"));
        browser.textContains(By.id("edit-message"), "Saved: version 3");
        assertThat(zk.getData("/edit", false, null)).containsExactly(0x00, 0xff, 0x10);
    }

    @Test
    void theConsoleCreatesAndDeletesZnodesWithVersionsAndShowsItsSessionAndWatches() throws Exception {
        browser.openConsole(node.node.httpPort(), "tree");
        browser.click(row("/"));
        browser.type(By.id("create-name"), "made-here");
        browser.type(By.id("create-data"), "hello");
        browser.click(By.id("create-button"));
        browser.visible(row("/made-here"));
        browser.textContains(By.id("node-path"), "/made-here");
        assertThat(read("/made-here")).isEqualTo("hello");

        browser.type(By.id("create-name"), "lock-");
        new Select(browser.visible(By.id("create-mode"))).selectByValue("EPHEMERAL_SEQUENTIAL");
        browser.click(By.id("create-button"));
        String lock = "/made-here/lock-0000000000";
        browser.textContains(By.id("node-path"), lock);
        Stat stat = zk.exists(lock, false);
        assertThat(stat).isNotNull();
        String session = (String) browser.script("return document.querySelector('[data-field=ephemeralOwner]').textContent;");
        assertThat(session).isEqualTo("0x" + Long.toHexString(stat.getEphemeralOwner()));

        browser.click(By.cssSelector("#tabs button[data-view='sessions']"));
        browser.textContains(By.cssSelector("#sessions-table tr[data-session='" + session + "']"), lock);
        browser.textContains(By.cssSelector("#sessions-table tr[data-session='" + session + "']"), "this console");
        // The consoles of the tests before closed their sessions as their pages went: the ZooKeeper client's is left.
        browser.waitUntil(d -> d.findElements(By.cssSelector("#sessions-table tbody tr")).size() == 2);
        browser.screenshot("console-sessions");
        browser.click(By.cssSelector("#tabs button[data-view='watches']"));
        browser.textContains(By.cssSelector("#watches-table tr[data-session='" + session + "'][data-path='/']"),
                "recursive");
        browser.screenshot("console-watches");

        browser.click(By.cssSelector("#tabs button[data-view='tree']"));
        browser.click(By.id("delete-button"));
        browser.click(By.id("delete-button"));
        browser.gone(row(lock));
        assertThat(zk.exists(lock, false)).isNull();
        browser.textContains(By.id("node-path"), "/made-here");
        // Read once the view of /made-here has loaded, so that the version typed below stays.
        browser.textContains(By.cssSelector("#node-stat [data-field='numChildren']"), "0");

        // A delete with a version the znode is not at changes nothing.
        browser.type(By.id("delete-version"), "7");
        browser.click(By.id("delete-button"));
        browser.click(By.id("delete-button"));
        browser.textContains(By.id("delete-message"), "BADVERSION");
        assertThat(zk.exists("/made-here", false)).isNotNull();
        browser.type(By.id("delete-version"), "0");
        browser.click(By.id("delete-button"));
        browser.click(By.id("delete-button"));
        browser.gone(row("/made-here"));
        assertThat(zk.exists("/made-here", false)).isNull();
    }

    @Test
    void theClusterViewShowsAStandaloneNodeAsItselfAndTheChartsGetData() throws Exception {
        browser.openConsole(node.node.httpPort(), "cluster");
        browser.textContains(By.id("cluster-leader"), "Standalone: this node (server 1)");
        browser.textContains(By.id("cluster-mode"), "standalone");
        assertThat(browser.driver.findElements(By.cssSelector("#members tbody tr"))).hasSize(1);
        browser.textContains(By.cssSelector("#members tr[data-member-id='1'][data-state='standalone']"), "this node");
        browser.screenshot("console-cluster-standalone");

        create("/load", "");
        browser.click(By.cssSelector("#tabs button[data-view='charts']"));
        // Writes while the charts scrape /metrics once a second, until each chart has points with values.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            zk.setData("/load", new byte[16], -1);
            return chartValue("chart-requests-rate") > 0 && chartValue("chart-fsync-avg") > 0
                    && chartValue("chart-latency-avg") > 0 && points("chart-requests") >= 3;
        });
        browser.screenshot("console-charts");
    }

    private double chartValue(String id) {
        String text = browser.driver.findElement(By.id(id)).getText().trim();
        return text.equals("-") || text.isEmpty() ? -1 : Double.parseDouble(text.split(" ")[0]);
    }

    private int points(String chart) {
        return Integer.parseInt(browser.driver.findElement(By.id(chart)).getDomAttribute("data-points"));
    }
}
