package io.paddock.consensus.interaction;

/**
 * {@code process-ready [ID...]}: each named node (all, when none is named) takes its Ready:
 * the parts to persist join the disk's open write, {@code messagesNow} go on the network,
 * {@code messagesAfterPersist} wait for the next {@code persist} (or leave at once when nothing
 * is waiting to be written), committed entries are applied, snapshots are sent.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class ProcessReadyCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "process-ready";
    }

    @Override
    public String usage() {
        return "process-ready [ID...]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        for (int id : env.idsOrAll(line)) {
            InteractionNode node = env.node(line, id);
            if (!node.down() && !env.handleReady(node)) {
                env.section(id + " has no Ready");
            }
        }
    }
}
