package io.paddock.consensus.interaction;

import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;

/**
 * {@code propose ID [n=K]}: the node, which must be a serving leader, proposes K trivial
 * entries ({@code Check("/x")}, K defaults to 1) at its next zxids. A node that may not take
 * writes says so instead of proposing.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class ProposeCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "propose";
    }

    @Override
    public String usage() {
        return "propose ID [n=K]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("n");
        InteractionNode node = env.upNode(line, line.onlyNumber());
        int count = line.intValue("n", 1, 1);
        if (node == null) {
            return;
        }
        if (!node.core.serving()) {
            env.row("error: " + node.id + " is not serving (" + Render.state(node.core) + ")");
            return;
        }
        long first = node.core.nextZxid();
        for (int i = 0; i < count; i++) {
            node.core.propose(new TxnEntry(node.core.nextZxid(), 0, 0, 0, new Txn.Check("/x")));
        }
        long last = node.core.lastZxid();
        env.section(node.id + " proposed " + Render.zxid(first) + (count == 1 ? "" : ".." + Render.zxid(last)));
        env.observe(node);
    }
}
