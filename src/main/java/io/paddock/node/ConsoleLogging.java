package io.paddock.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The node's default logging, set up in code (found by logback as a service): one console
 * appender writing {@link LogLine}s, root level from {@code -Dpaddock.log.level} (default INFO),
 * Netty at WARN. Logback's XML configuration parses with a SAX parser and spins a hundred-odd
 * lambda classes, which took about 170 ms of a node's start (and kept the JIT busy while the
 * snapshot loads); this takes a few.
 *
 * <p>An operator's own configuration still wins: with {@code -Dlogback.configurationFile=F}, or a
 * {@code logback.xml} / {@code logback-test.xml} on the class path, this steps aside and logback
 * reads that file as usual ({@code config/logback.xml} is a starting point).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String LEVEL_PROPERTY = "paddock.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
                || onClassPath("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        LogLine layout = new LogLine();
        layout.setContext(context);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean onClassPath(String resource) {
        ClassLoader loader = ConsoleLogging.class.getClassLoader();
        return loader != null && loader.getResource(resource) != null;
    }
}
