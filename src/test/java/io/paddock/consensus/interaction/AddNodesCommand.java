package io.paddock.consensus.interaction;

import io.paddock.consensus.CoreConfig;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code add-nodes N [observers=K] [election-ticks=E] [window=W] [snapshot-ticks=T] [seed=S]}:
 * creates nodes 1..N, the last K of them observers, all empty (epoch 0, no log). {@code window}
 * sets both bounds of the leader's in-memory window: W entries, and W times 64 bytes, the
 * core's estimate of one trivial entry, so that a window of a few entries really compacts.
 * Each core's randomness is {@code new SplittableRandom(S + id)} (S defaults to 0).
 *
 * <p>Stateless; runs on the test's thread.
 */
final class AddNodesCommand implements InteractionCommand {
    /** The core's size estimate of a Check txn entry (48 bytes of header, 16 of txn). */
    private static final long TRIVIAL_ENTRY_BYTES = 64;
    /** More would only make outputs unreadable. */
    private static final int NODES_MAX = 15;

    @Override
    public String verb() {
        return "add-nodes";
    }

    @Override
    public String usage() {
        return "add-nodes N [observers=K] [election-ticks=E] [window=W] [window-entries-bytes=B] [snapshot-ticks=T] [seed=S]";
    }

    @Override
    public void run(InteractionEnv env, ScriptLine line) {
        line.allow("observers", "election-ticks", "window", "window-entries-bytes", "snapshot-ticks", "seed");
        if (!env.nodes.isEmpty()) {
            throw line.error("nodes exist already: membership is fixed, so add them once");
        }
        int count = line.onlyNumber();
        int observers = line.intValue("observers", 0, 0);
        if (count > NODES_MAX) {
            throw line.error("at most %d nodes", NODES_MAX);
        }
        if (count < 1 || observers >= count) {
            throw line.error("need at least one node and one voter: %d nodes, %d observers", count, observers);
        }
        int electionTicks = line.intValue("election-ticks", 10, 2);
        int window = line.intValue("window", 1000, 1);
        // The byte bound of the window, in trivial entries (by default the same as the txn bound).
        int windowEntriesBytes = line.intValue("window-entries-bytes", window, 1);
        int snapshotTicks = line.intValue("snapshot-ticks", 20, 1);
        long seed = line.longValue("seed", 0);
        Set<Integer> voters = new TreeSet<>();
        Set<Integer> learners = new TreeSet<>();
        for (int id = 1; id <= count; id++) {
            (id <= count - observers ? voters : learners).add(id);
        }
        env.row("voters=" + voters + " observers=" + learners + " election-ticks=" + electionTicks + " window=" + window
                + " seed=" + seed);
        for (int id = 1; id <= count; id++) {
            CoreConfig config = new CoreConfig(id, voters, learners, electionTicks, window,
                    (long) windowEntriesBytes * TRIVIAL_ENTRY_BYTES,
                    1L << 20, 16L << 20, snapshotTicks);
            InteractionNode node = new InteractionNode(id, config, seed);
            env.nodes.put(id, node);
            env.row(id + " " + node.shownState);
        }
    }
}
