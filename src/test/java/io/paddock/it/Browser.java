package io.paddock.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the web console's tests: Debian's {@code chromium} driven by Selenium
 * through Debian's {@code chromedriver}, both named explicitly (system properties
 * {@code browser.chromium} and {@code browser.chromedriver}, by default {@code /usr/bin/...}) so
 * that Selenium Manager never tries to download a driver (the machines have no internet). A fresh
 * profile under {@code target/browser-profiles/} per browser; screenshots go to
 * {@code target/screenshots/NAME.png}. Every wait is bounded ({@link #WAIT}); {@link #close()}
 * quits the browser and its driver process.
 *
 * <p>Missing binaries fail the test with a message saying how to install them, unless the browser
 * tests are skipped on purpose with {@code -Dbrowser.tests=skip} (then the test is aborted, and
 * says so). Used from the test thread only.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The flags of the brief: no sandbox (root in CI), no GPU, nothing that reaches the network by itself. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic");
    private static final Path TARGET = Path.of("target");
    /**
     * Selenium warns, at every start, that it has no DevTools protocol bindings for this Chromium
     * version; the tests use WebDriver only. Held here: java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger DEVTOOLS_LOG = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser; {@code name} names its profile directory and its driver's log. */
    static Browser start(String name) throws IOException {
        if ("skip".equals(System.getProperty("browser.tests"))) {
            System.out.println("browser test " + name + " SKIPPED: -Dbrowser.tests=skip");
            Assumptions.abort("the browser tests are skipped (-Dbrowser.tests=skip)");
        }
        Path chromium = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
        for (Path binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the console's browser tests need Debian's chromium and "
                        + "its driver (`apt-get install -y chromium chromium-driver`, as .ci/run does); or name others with "
                        + "-Dbrowser.chromium=PATH -Dbrowser.chromedriver=PATH, or skip these tests with -Dbrowser.tests=skip");
            }
        }
        // Named here, the driver is never looked for by Selenium Manager.
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        Path profile = Files.createDirectories(TARGET.resolve("browser-profiles").resolve(name + "-" + System.nanoTime()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1440,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(TARGET.resolve("chromedriver-" + name + ".log").toFile()).build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    /** Opens a fresh console of the node at {@code httpPort} on {@code view}; returns once it is ready. */
    void openConsole(int httpPort, String view) {
        // Through a blank page: a URL that differs from the current one only in its hash does not load.
        driver.get("about:blank");
        driver.get("http://127.0.0.1:" + httpPort + "/#" + view);
        waitUntil(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready"))
                || d.findElement(By.id("fatal")).isDisplayed());
        assertNoConsoleError();
    }

    /** Fails when the console showed an error of its own (an exception, a failed start). */
    void assertNoConsoleError() {
        WebElement fatal = driver.findElement(By.id("fatal"));
        if (fatal.isDisplayed()) {
            throw new AssertionError("the console shows an error: " + fatal.getText());
        }
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    WebElement textContains(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver.findElement(by);
    }

    void gone(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    /** The tree row of a znode. */
    static By row(String path) {
        return By.cssSelector("li[data-path='" + path + "'] > .row");
    }

    void click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Replaces the content of a text field or text area. */
    void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    /** Saves a screenshot of the page as target/screenshots/{@code name}.png; returns the file. */
    Path screenshot(String name) throws IOException {
        Path file = Files.createDirectories(TARGET.resolve("screenshots")).resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The browser console's errors so far (failed loads, CSP violations, uncaught exceptions). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
