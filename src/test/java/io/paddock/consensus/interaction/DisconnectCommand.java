package io.paddock.consensus.interaction;

/**
 * {@code disconnect ID from=J}: the node's transport reports that its connection to J broke
 * ({@code peerDisconnected(J)}); a follower that loses its leader campaigns early, the
 * highest remaining id first.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class DisconnectCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "disconnect";
    }

    @Override
    public String usage() {
        return "disconnect ID from=J";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("from");
        if (!line.has("from")) {
            throw line.error("say which peer the connection was to: from=J");
        }
        int peer = line.intValue("from", 0, 1);
        env.node(line, peer);
        InteractionNode node = env.upNode(line, line.onlyNumber());
        if (node == null) {
            return;
        }
        node.core.peerDisconnected(peer);
        env.section(node.id + " lost its connection to " + peer);
        env.observe(node);
    }
}
