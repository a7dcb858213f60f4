package io.paddock.consensus.interaction;

import java.util.List;

/**
 * {@code stabilize [ID...]}: runs the shell's loop for the named nodes (all, when none is named)
 * until nothing is left to do: every Ready handled, every open write persisted, every queued
 * parcel delivered, round after round (etcd's stabilize). Parcels to nodes outside the set stay
 * queued. Fails after 1000 rounds, which only a livelock would need.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class StabilizeCommand implements InteractionCommand {
    private static final int ROUNDS_MAX = 1000;

    @Override
    public String verb() {
        return "stabilize";
    }

    @Override
    public String usage() {
        return "stabilize [ID...]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        List<Integer> ids = env.idsOrAll(line);
        for (int round = 0; round < ROUNDS_MAX; round++) {
            boolean busy = false;
            for (int id : ids) {
                busy |= env.handleReady(env.node(line, id));
            }
            for (int id : ids) {
                busy |= env.persist(env.node(line, id));
            }
            for (int id : ids) {
                InteractionNode node = env.node(line, id);
                busy |= !node.down() && env.deliver(node, 0, Integer.MAX_VALUE, false);
            }
            if (!busy) {
                return;
            }
        }
        throw line.error("still busy after %d rounds", ROUNDS_MAX);
    }
}
