package io.paddock.consensus.interaction;

/**
 * {@code status}: one line per node: role, epoch, vote, leader, committed and last zxid, or "down".
 *
 * <p>Stateless; runs on the test's thread.
 */
final class StatusCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "status";
    }

    @Override
    public String usage() {
        return "status";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        for (int id : env.idsOrAll(line)) {
            InteractionNode node = env.node(line, id);
            if (node.down()) {
                env.row(id + " down");
                continue;
            }
            env.row(id + " " + Render.state(node.core) + " committed=" + Render.zxid(node.core.committedZxid())
                    + " last=" + Render.zxid(node.core.lastZxid()));
        }
    }
}
