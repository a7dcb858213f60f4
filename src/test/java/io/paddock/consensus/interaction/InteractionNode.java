package io.paddock.consensus.interaction;

import io.paddock.consensus.CoreConfig;
import io.paddock.consensus.Faults;
import io.paddock.consensus.ReplicaCore;
import io.paddock.model.TxnEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One node of the harness: a real {@link ReplicaCore} (no Replica, no tree) over a
 * {@link NodeDisk}. A crash drops the core and the open write; a restart builds a new core from
 * the durable state the way the node's recovery does (the log after the newest snapshot held,
 * only the snapshot known committed), with the same seeded randomness
 * ({@code new SplittableRandom(seed + id)}).
 *
 * <p>Single-threaded (the test's). Invariants: {@code core} is null exactly while down;
 * {@code appliedZxid} is the last entry the shell applied (or the snapshot it installed).
 */
final class InteractionNode {
    final int id;
    final CoreConfig config;
    private final long seed;
    final NodeDisk disk = new NodeDisk();
    ReplicaCore core;
    long appliedZxid;
    /** The state line last shown for this node, so a change is shown once. */
    String shownState;

    InteractionNode(int id, CoreConfig config, long seed) {
        this.id = id;
        this.config = config;
        this.seed = seed;
        start();
    }

    boolean down() {
        return core == null;
    }

    /** Builds the core from the durable state. */
    void start() {
        List<TxnEntry> held = new ArrayList<>();
        for (TxnEntry entry : disk.log) {
            if (entry.zxid() > disk.snapshotZxid) {
                held.add(entry);
            }
        }
        core = new ReplicaCore(config, new SplittableRandom(seed + id), disk.vote, disk.snapshotZxid, held,
                disk.snapshotZxid, Faults.NONE);
        appliedZxid = disk.snapshotZxid;
        shownState = Render.state(core);
    }

    /** Forgets everything not durable; returns what was lost. */
    List<String> crash() {
        core = null;
        return disk.lose();
    }
}
