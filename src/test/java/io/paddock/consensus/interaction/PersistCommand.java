package io.paddock.consensus.interaction;

/**
 * {@code persist [ID...]}: each named node's disk makes its open write durable (snapshot,
 * election state, truncation, appends), the core hears {@code persisted(last zxid)}, and the
 * messages that waited for the write are released onto the network.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class PersistCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "persist";
    }

    @Override
    public String usage() {
        return "persist [ID...]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        for (int id : env.idsOrAll(line)) {
            InteractionNode node = env.node(line, id);
            if (!node.down() && !env.persist(node)) {
                env.section(id + " has nothing to persist");
            }
        }
    }
}
