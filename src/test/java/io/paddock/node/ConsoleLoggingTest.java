package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The code-configured console logging writes the lines logback.xml's pattern wrote, and steps aside for an operator's file. */
class ConsoleLoggingTest {

    @Test
    void lineHasTimeLevelThreadAbbreviatedLoggerMessageAndStackTrace() {
        LoggerContext context = new LoggerContext();
        LogLine layout = new LogLine();
        layout.setContext(context);
        layout.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("io.paddock.node.ReplicationVerticle");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "disk {} is full", null,
                new Object[] {"/data"});
        event.setThreadName("vert.x-eventloop-thread-0");
        assertThat(layout.doLayout(event)).matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[vert.x-eventloop-thread-0] i\\.p\\.n\\.ReplicationVerticle - "
                        + "disk /data is full" + System.lineSeparator());

        LoggingEvent failed = new LoggingEvent("fqcn", logger, Level.ERROR, "fsync failed", new java.io.IOException("EIO"),
                null);
        failed.setThreadName("worker");
        String text = layout.doLayout(failed);
        assertThat(text).contains(" ERROR [worker] ").contains("fsync failed" + System.lineSeparator())
                .contains("java.io.IOException: EIO").contains("\tat io.paddock.node.ConsoleLoggingTest");
    }

    @Test
    void configuresTheConsoleUnlessAConfigurationFileIsGiven() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging logging = new ConsoleLogging();
        logging.setContext(context);
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNotNull();
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);

        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "config/logback.xml");
        try {
            LoggerContext other = new LoggerContext();
            assertThat(logging.configure(other)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(other.getLogger("ROOT").getAppender("CONSOLE")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
