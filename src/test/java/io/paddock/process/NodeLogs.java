package io.paddock.process;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that prints the tail of every tracked {@link ProcessNode}'s output when a
 * test fails, before {@code @TempDir} cleanup removes the log. Register it with
 * {@code @RegisterExtension} and call {@link #track} for each node the test starts.
 */
public final class NodeLogs implements AfterTestExecutionCallback {
    private static final int TAIL_LINES = 80;

    private final List<ProcessNode> nodes = new ArrayList<>();

    public synchronized ProcessNode track(ProcessNode node) {
        nodes.add(node);
        return node;
    }

    @Override
    public synchronized void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            for (ProcessNode node : nodes) {
                System.err.println("---- last " + TAIL_LINES + " lines of " + node.logFile() + " ----");
                System.err.println(node.logTail(TAIL_LINES));
            }
        }
        nodes.clear();
    }
}
