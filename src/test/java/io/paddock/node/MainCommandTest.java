package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The storage tools are subcommands, and the node's own flags still parse without one. */
class MainCommandTest {
    @Test
    void toolsAreSubcommandsAndNodeFlagsStillParse() {
        CommandLine cli = new CommandLine(new Main());
        assertThat(cli.getSubcommands().keySet())
                .containsExactlyInAnyOrder("log-dump", "snapshot-dump", "verify", "backup", "restore", "purge", "fault-proxy",
                        "cli");
        CommandLine.ParseResult parsed = cli.parseArgs("--client-port", "2182", "--data-dir", "/tmp/x");
        assertThat(parsed.hasSubcommand()).isFalse();
        assertThat(parsed.matchedOptionValue("--client-port", "")).isEqualTo("2182");
    }
}
