package io.paddock.consensus.interaction;

/**
 * {@code deliver ID [from=J] [count=N] [drop]}: hands the node the parcels queued for it,
 * oldest first (only J's when {@code from} is given, at most N), each followed by the state
 * change it caused; with {@code drop} they are thrown away instead (a lossy network).
 *
 * <p>Stateless; runs on the test's thread.
 */
final class DeliverCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "deliver";
    }

    @Override
    public String usage() {
        return "deliver ID [from=J] [count=N] [drop]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("from", "count", "drop");
        InteractionNode node = env.node(line, line.onlyNumber());
        int from = line.intValue("from", 0, 0);
        if (from != 0) {
            env.node(line, from);
        }
        int count = line.intValue("count", Integer.MAX_VALUE, 1);
        boolean drop = line.flag("drop");
        if (!drop && node.down()) {
            env.row("error: " + node.id + " is down");
            return;
        }
        if (!env.deliver(node, from, count, drop)) {
            env.section("no messages for " + node.id + (from == 0 ? "" : " from " + from));
        }
    }
}
