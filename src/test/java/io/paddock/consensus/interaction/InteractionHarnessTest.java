package io.paddock.consensus.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The harness itself: the datadriven format round-trips, a wrong expectation is reported with
 * its place, bad scripts get clear errors, and the safety checker catches a broken promise.
 */
class InteractionHarnessTest {
    private static Script.Result run(String text) {
        return Script.parse("t.txt", text).run(new InteractionEnv()::handle);
    }

    @Test
    void aCorrectScriptRewritesToItselfWithCommentsBlankLinesAndFencedOutputKept() {
        String text = """
                # one voter
                add-nodes 1

                ----
                """;
        assertThatThrownBy(() -> run(text)).isInstanceOf(ScriptException.class)
                .hasMessageContaining("t.txt:2: add-nodes 1: expected a '----' line");
        String script = """
                # a single voter

                add-nodes 1
                ----
                voters=[1] observers=[] election-ticks=10 window=1000 seed=0
                1 LOOKING epoch=0 vote=0 leader=0

                tick 1
                ----
                > 1 after 1 tick: LEADING epoch=1 vote=1 leader=1
                """;
        Script.Result result = run(script);
        assertThat(result.mismatches()).isEmpty();
        assertThat(result.rewritten()).isEqualTo(script);
    }

    @Test
    void fencedExpectedOutputIsParsed() {
        String script = "add-nodes 1\n----\n----\nvoters=[1] observers=[] election-ticks=10 window=1000 seed=0\n\n"
                + "1 LOOKING epoch=0 vote=0 leader=0\n----\n----\n";
        Script.Result result = run(script);
        assertThat(result.mismatches()).hasSize(1);
        assertThat(result.mismatches().get(0).expected()).contains("\n\n1 LOOKING");
        assertThat(result.rewritten()).isEqualTo("add-nodes 1\n----\nvoters=[1] observers=[] election-ticks=10 "
                + "window=1000 seed=0\n1 LOOKING epoch=0 vote=0 leader=0\n");
    }

    @Test
    void aWrongExpectationIsReportedWithItsPlaceAndBothOutputs() {
        Script.Result result = run("add-nodes 1\n----\nvoters=[1] observers=[] election-ticks=10 window=1000 seed=0\n"
                + "1 LOOKING epoch=0 vote=0 leader=0\n\ntick 1\n----\nok\n");
        assertThat(result.mismatches()).hasSize(1);
        String described = InteractionTest.describe(result.mismatches());
        assertThat(described).contains("t.txt:6", "tick 1", "---- expected\nok",
                "---- actual\n> 1 after 1 tick: LEADING epoch=1 vote=1 leader=1");
    }

    @Test
    void badCommandsAndArgumentsNameTheLine() {
        assertThatThrownBy(() -> run("frobnicate 1\n----\nok\n")).isInstanceOf(ScriptException.class)
                .hasMessageContaining("t.txt:1: frobnicate 1: unknown command").hasMessageContaining("stabilize [ID...]");
        assertThatThrownBy(() -> run("add-nodes 3 voters=2\n----\nok\n")).isInstanceOf(ScriptException.class)
                .hasMessageContaining("unknown argument 'voters'");
        assertThatThrownBy(() -> run("add-nodes 3\n----\nok\n\ntick 4\n----\nok\n"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("t.txt:5: tick 4: no node 4 (nodes: [1, 2, 3])");
        assertThatThrownBy(() -> run("add-nodes 3\n----\nok\n\ntick 1 times=x\n----\nok\n"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("'times' is not a number: x");
        assertThatThrownBy(() -> run("add-nodes 3 observers=3\n----\nok\n")).isInstanceOf(ScriptException.class)
                .hasMessageContaining("need at least one node and one voter");
    }

    @Test
    void refusalsThatDependOnStateArePrintedNotThrown() {
        Script.Result result = run("add-nodes 3\n----\nok\n\npropose 1\n----\nok\n\ncrash 2\n----\nok\n\n"
                + "tick 2\n----\nok\n");
        assertThat(result.mismatches()).extracting(Script.Mismatch::actual).containsExactly(
                "voters=[1, 2, 3] observers=[] election-ticks=10 window=1000 seed=0\n1 LOOKING epoch=0 vote=0 leader=0\n"
                        + "2 LOOKING epoch=0 vote=0 leader=0\n3 LOOKING epoch=0 vote=0 leader=0",
                "error: 1 is not serving (LOOKING epoch=0 vote=0 leader=0)", "> 2 crashed", "error: 2 is down");
    }

    @Test
    void theCheckerRefusesAnAcknowledgementOfEntriesThatAreNotDurable() {
        NodeDisk disk = new NodeDisk();
        SafetyChecker checker = new SafetyChecker();
        io.paddock.consensus.PeerMessage ack = new io.paddock.consensus.PeerMessage.AppendReply(2, 1, 1, true,
                0x100000001L, 0, 0);
        assertThatThrownBy(() -> checker.released(2, ack, disk)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("acknowledges 0x100000001, which is not durable on 2");
        checker.role(1, io.paddock.consensus.Role.LEADING, 3);
        assertThatThrownBy(() -> checker.role(2, io.paddock.consensus.Role.LEADING, 3))
                .isInstanceOf(AssertionError.class).hasMessageContaining("two leaders in epoch 3: 1 and 2");
    }
}
