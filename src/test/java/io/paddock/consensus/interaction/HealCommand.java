package io.paddock.consensus.interaction;

/**
 * {@code heal}: ends every isolation (what was dropped stays lost).
 *
 * <p>Stateless; runs on the test's thread.
 */
final class HealCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "heal";
    }

    @Override
    public String usage() {
        return "heal";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        if (!line.numbers().isEmpty()) {
            throw line.error("heal takes no node ids: it ends every isolation");
        }
        env.network.heal();
    }
}
