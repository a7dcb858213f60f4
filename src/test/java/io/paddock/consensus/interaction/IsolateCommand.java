package io.paddock.consensus.interaction;

import java.util.List;

/**
 * {@code isolate ID...}: cuts the nodes off the network until {@code heal}: parcels queued to or
 * from them are dropped now (and printed), and whatever they send or are sent is dropped.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class IsolateCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "isolate";
    }

    @Override
    public String usage() {
        return "isolate ID...";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        List<Integer> ids = line.numbers();
        if (ids.isEmpty()) {
            throw line.error("name the nodes to isolate");
        }
        for (int id : ids) {
            env.node(line, id);
            List<Parcel> dropped = env.network.isolate(id);
            env.section(id + " isolated" + (dropped.isEmpty() ? "" : "; dropped:"));
            dropped.forEach(parcel -> env.line(Render.parcel(parcel)));
        }
    }
}
