package io.paddock.consensus.interaction;

/**
 * {@code log [ID...]}: what each node holds: its durable state, its open write, and the core's
 * view (the in-memory window it can still send from, its last zxid, commit and apply points).
 *
 * <p>Stateless; runs on the test's thread.
 */
final class LogCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "log";
    }

    @Override
    public String usage() {
        return "log [ID...]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        for (int id : env.idsOrAll(line)) {
            InteractionNode node = env.node(line, id);
            env.section(String.valueOf(id));
            env.line("durable: " + node.disk.describe());
            env.line("writing: " + node.disk.describePending());
            if (node.down()) {
                env.line("core: down");
                continue;
            }
            env.line("core: holds after " + Render.zxid(node.core.heldFromZxid()) + " up to "
                    + Render.zxid(node.core.lastZxid()) + ", committed=" + Render.zxid(node.core.committedZxid())
                    + " applied=" + Render.zxid(node.appliedZxid));
        }
    }
}
