package io.paddock.consensus.interaction;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tick ID... [times=N] [until-ready]}: ticks the named nodes in lockstep, N times
 * (default 1), printing each state change with the tick it happened on. With
 * {@code until-ready} it stops after the first round in which any of them has a Ready (a
 * follower's only Ready from a tick is its campaign; a leader has one every tick), at most
 * 1000 rounds, and says after how many ticks.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class TickCommand implements InteractionCommand {
    private static final int UNTIL_READY_MAX = 1000;

    @Override
    public String verb() {
        return "tick";
    }

    @Override
    public String usage() {
        return "tick ID... [times=N] [until-ready]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("times", "until-ready");
        boolean untilReady = line.flag("until-ready");
        if (untilReady && line.has("times")) {
            throw line.error("give times=N or until-ready, not both");
        }
        List<InteractionNode> nodes = new ArrayList<>();
        for (int id : line.numbers()) {
            InteractionNode node = env.upNode(line, id);
            if (node == null) {
                return;
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            throw line.error("name the nodes to tick");
        }
        int rounds = untilReady ? UNTIL_READY_MAX : line.intValue("times", 1, 1);
        for (int round = 1; round <= rounds; round++) {
            for (InteractionNode node : nodes) {
                tickOnce(env, node, round);
            }
            if (untilReady && reportReady(env, nodes, round)) {
                return;
            }
        }
        if (untilReady) {
            env.row("no Ready after " + UNTIL_READY_MAX + " ticks");
        }
    }

    private static void tickOnce(InteractionEnv env, InteractionNode node, int round) {
        node.core.tick();
        String before = node.shownState;
        String now = Render.state(node.core);
        env.checker.role(node.id, node.core.role(), node.core.epoch());
        if (!now.equals(before)) {
            node.shownState = now;
            env.section(node.id + " after " + ticks(round) + ": " + now);
        }
    }

    private static boolean reportReady(InteractionEnv env, List<InteractionNode> nodes, int round) {
        List<Integer> ready = new ArrayList<>();
        for (InteractionNode node : nodes) {
            if (node.core.hasReady()) {
                ready.add(node.id);
            }
        }
        if (ready.isEmpty()) {
            return false;
        }
        String who = ready.size() == 1 ? ready.get(0) + " has" : ready + " have";
        env.section(who + " a Ready after " + ticks(round));
        return true;
    }

    private static String ticks(int round) {
        return round + (round == 1 ? " tick" : " ticks");
    }
}
