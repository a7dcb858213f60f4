package io.paddock.process;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * JUnit extension that owns the {@link LocalCluster}s a test class starts: it prints the tail of
 * every node's log when a test fails (before {@code @TempDir} cleanup removes them) and stops
 * each cluster afterwards, after each test ({@link #perTest()}, an instance field) or after the
 * class ({@link #perClass()}, a static field). Runs on the JUnit thread; the list of clusters is
 * guarded by this object. Invariant: every cluster handed out is stopped exactly once by it.
 */
public final class Clusters implements AfterTestExecutionCallback, AfterEachCallback, AfterAllCallback {
    private static final int TAIL_LINES = 60;

    private final boolean perTest;
    private final List<LocalCluster> clusters = new ArrayList<>();

    private Clusters(boolean perTest) {
        this.perTest = perTest;
        // The official client logs every connection attempt at INFO and more at DEBUG; failovers
        // make hundreds of them, which would bury the assertion messages and the node logs.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.curator")).setLevel(Level.WARN);
    }

    /** For an instance field: clusters are stopped after each test. */
    public static Clusters perTest() {
        return new Clusters(true);
    }

    /** For a static field: clusters are stopped after the last test of the class. */
    public static Clusters perClass() {
        return new Clusters(false);
    }

    /** A cluster handle on {@code clusterDir}, stopped by this extension. */
    public synchronized LocalCluster in(Path clusterDir) {
        LocalCluster cluster = new LocalCluster(clusterDir);
        clusters.add(cluster);
        return cluster;
    }

    @Override
    public synchronized void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            for (LocalCluster cluster : clusters) {
                System.err.println(cluster.logTails(TAIL_LINES));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stopAll();
        }
    }

    /** Also called after each {@code @Nested} class, which inherits the extension: only the outermost stops. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
            stopAll();
        }
    }

    private synchronized void stopAll() {
        RuntimeException failure = null;
        for (LocalCluster cluster : clusters) {
            try {
                cluster.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        clusters.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
