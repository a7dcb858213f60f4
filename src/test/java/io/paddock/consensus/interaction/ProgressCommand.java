package io.paddock.consensus.interaction;

import io.paddock.consensus.ReplicaCore;
import io.paddock.consensus.Role;

/**
 * {@code progress ID}: the leader's view of each peer: voter or observer, match zxid, recently active, state.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class ProgressCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "progress";
    }

    @Override
    public String usage() {
        return "progress ID";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow();
        InteractionNode node = env.upNode(line, line.onlyNumber());
        if (node == null) {
            return;
        }
        if (node.core.role() != Role.LEADING) {
            env.row("error: " + node.id + " is not leading (" + Render.state(node.core) + ")");
            return;
        }
        for (ReplicaCore.PeerStatus peer : node.core.peerStatus()) {
            env.row(peer.id() + (peer.voter() ? " voter" : " observer") + " match=" + Render.zxid(peer.matchZxid())
                    + (peer.recentActive() ? " active " : " inactive ") + peer.state());
        }
    }
}
