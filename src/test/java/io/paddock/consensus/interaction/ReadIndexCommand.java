package io.paddock.consensus.interaction;

/**
 * {@code read-index ID request=R}: the node asks for a linearizable read index for its request
 * R; a later Ready's {@code ReadState} (or nothing, if leadership was lost) answers it.
 *
 * <p>Stateless; runs on the test's thread.
 */
final class ReadIndexCommand implements InteractionCommand {
    @Override
    public String verb() {
        return "read-index";
    }

    @Override
    public String usage() {
        return "read-index ID request=R";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("request");
        if (!line.has("request")) {
            throw line.error("name the request: request=R");
        }
        long request = line.longValue("request", 0);
        InteractionNode node = env.upNode(line, line.onlyNumber());
        if (node == null) {
            return;
        }
        if (node.core.readIndex(request)) {
            env.section(node.id + " asked for a read index (request " + request + ")");
        } else {
            env.section(node.id + " has no leader to ask (request " + request + " refused)");
        }
    }
}
