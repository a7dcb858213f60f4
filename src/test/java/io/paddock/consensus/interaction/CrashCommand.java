package io.paddock.consensus.interaction;

import java.util.List;

/**
 * {@code crash ID}: the node stops; its open write never reaches the disk (printed as lost)
 * and parcels queued for it are dropped. Parcels it already sent stay on the network.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class CrashCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "crash";
    }

    @Override
    public String usage() {
        return "crash ID";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        InteractionNode node = env.upNode(line, line.onlyNumber());
        if (node == null) {
            return;
        }
        List<String> lost = node.crash();
        List<Parcel> dropped = env.network.crashed(node.id);
        env.section(node.id + " crashed");
        lost.forEach(text -> env.line("Lost: " + text));
        dropped.forEach(parcel -> env.line("Dropped: " + Render.parcel(parcel)));
    }
}
