package io.paddock.consensus.interaction;

/**
 * {@code restart ID}: a crashed node comes back with a new core built from its durable state
 * (election state, snapshot, log), as the node's recovery builds it.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class RestartCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "restart";
    }

    @Override
    public String usage() {
        return "restart ID";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        InteractionNode node = env.node(line, line.onlyNumber());
        if (!node.down()) {
            env.row("error: " + node.id + " is running");
            return;
        }
        node.start();
        env.network.restarted(node.id);
        env.checker.appliedUpTo(node.id, node.appliedZxid);
        env.section(node.id + " restarted from " + node.disk.describe());
        env.line("State: " + node.shownState);
    }
}
