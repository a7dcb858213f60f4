package io.paddock.sim;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.PeerMessage;
import io.paddock.model.Applied;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.replica.Replica;
import io.paddock.replica.ReplicaConfig;
import io.paddock.replica.ReplicaReady;
import io.paddock.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated node: the real {@link Replica} over a simulated disk, driven the way the node's
 * replication verticle drives it (one persist job in flight, the rest riding on the next;
 * messages after persist released only when their job is durable), with a simulated client
 * layer ({@link SimSessions}). It can crash (everything not yet synced is lost, except that
 * part of the job being written may have reached the disk), restart from its durable state the
 * way recovery does, pause (its clock and inputs stop while others go on) and take snapshots.
 *
 * <p>Single-threaded, inside {@link SimCluster}'s event loop.
 */
final class SimNode {
    enum State { UP, PAUSED, DOWN }

    final int id;
    private final SimCluster cluster;
    private final ReplicaConfig config;
    private final SplittableRandom random;
    State state = State.UP;
    Replica replica;
    final SimSessions sessions;
    /** Bumped on every crash, so that timers and disk jobs of an earlier life do nothing. */
    private int incarnation;

    // durable state
    final List<TxnEntry> durableLog = new ArrayList<>();
    ElectionState durableVote = ElectionState.INITIAL;
    final List<DataTree> durableSnapshots = new ArrayList<>();

    private SimBatch open = new SimBatch();
    private SimBatch inFlight;
    /** Inputs that arrived while paused, replayed in order on resume. */
    private final List<Runnable> pausedInputs = new ArrayList<>();
    boolean failNextFsync;
    long crashes;
    long snapshotsTaken;

    SimNode(int id, SimCluster cluster, ReplicaConfig config, SplittableRandom random) {
        this.id = id;
        this.cluster = cluster;
        this.config = config;
        this.random = random;
        this.sessions = new SimSessions(this, cluster);
        this.replica = restore();
    }

    // ---- life cycle ---------------------------------------------------------------------------

    void start() {
        int life = incarnation;
        cluster.events.after(random.nextInt(50), () -> tickLoop(life));
    }

    private void tickLoop(int life) {
        if (life != incarnation || state == State.DOWN) {
            return;
        }
        if (state == State.UP) {
            replica.clock(cluster.wallMs());
            replica.tick();
            sessions.tick();
            drain();
        }
        // A paused node's clock stops: the next tick is scheduled only after resume.
        if (state == State.UP) {
            cluster.events.after(cluster.heartbeatMs, () -> tickLoop(life));
        }
    }

    void crash() {
        if (state == State.DOWN) {
            return;
        }
        crashes++;
        if (inFlight != null) {
            inFlight.tornWrite(this, random); // part of an unsynced write may have reached the disk
        }
        state = State.DOWN;
        incarnation++;
        inFlight = null;
        open = new SimBatch();
        pausedInputs.clear();
        sessions.lost("node crashed");
        replica = null;
        cluster.checker.nodeDown(id);
        cluster.crashed(id);
    }

    void restart() {
        if (state != State.DOWN) {
            return;
        }
        replica = restore();
        state = State.UP;
        cluster.checker.restored(id, replica.tree());
        start();
    }

    void pause() {
        if (state == State.UP) {
            state = State.PAUSED;
        }
    }

    void resume() {
        if (state != State.PAUSED) {
            return;
        }
        state = State.UP;
        List<Runnable> inputs = new ArrayList<>(pausedInputs);
        pausedInputs.clear();
        for (Runnable input : inputs) {
            input.run();
        }
        int life = incarnation;
        cluster.events.after(1, () -> tickLoop(life));
    }

    /** Recovery, as the node does it: newest snapshot, the log after it held but only the snapshot applied. */
    private Replica restore() {
        DataTree tree = durableSnapshots.isEmpty() ? DataTree.empty() : durableSnapshots.get(durableSnapshots.size() - 1);
        List<TxnEntry> held = new ArrayList<>();
        for (TxnEntry entry : durableLog) {
            if (entry.zxid() > tree.lastZxid()) {
                held.add(entry);
            }
        }
        if (!held.isEmpty()) {
            cluster.checker.logContinues(id, tree.lastZxid(), held.get(0).zxid());
        }
        long logEpoch = Zxid.epoch(held.isEmpty() ? tree.lastZxid() : held.get(held.size() - 1).zxid());
        ElectionState vote = durableVote.epoch() >= logEpoch ? durableVote : new ElectionState(logEpoch, id);
        return new Replica(config, random.split(), new Replica.Restored(vote, tree, tree.lastZxid(), held),
                cluster.faults(id));
    }

    // ---- inputs (deferred while paused, dropped while down) ------------------------------------

    /** Runs an input now, or after resume when paused; never while down. */
    void input(Runnable action) {
        if (state == State.DOWN) {
            return;
        }
        if (state == State.PAUSED) {
            pausedInputs.add(() -> input(action)); // replayed through here: the node may be down by then
            return;
        }
        replica.clock(cluster.wallMs());
        action.run();
        drain();
    }

    void receive(PeerMessage message) {
        input(() -> replica.step(message));
    }

    void peerDown(int peer) {
        input(() -> replica.peerDisconnected(peer));
    }

    void receiveSnapshot(int from, long epoch, DataTree tree) {
        input(() -> replica.installSnapshot(from, epoch, tree));
    }

    /** Takes a snapshot of the applied tree (durable after a delay) and sometimes purges the log before it. */
    void snapshot() {
        if (state != State.UP) {
            return;
        }
        DataTree tree = replica.tree();
        int life = incarnation;
        cluster.events.after(2 + random.nextInt(20), () -> {
            if (life != incarnation || state == State.DOWN) {
                return;
            }
            addDurableSnapshot(tree);
            snapshotsTaken++;
            while (durableSnapshots.size() > 2) {
                durableSnapshots.remove(0);
            }
            if (random.nextBoolean()) {
                long oldestKept = durableSnapshots.get(0).lastZxid();
                durableLog.removeIf(entry -> entry.zxid() <= oldestKept);
            }
        });
    }

    // ---- the drain loop, as ReplicationVerticle's ---------------------------------------------------

    void drain() {
        while (replica.hasReady()) {
            ReplicaReady ready = replica.ready();
            if (inFlight != null) {
                inFlight.work.cutBy(ready);
            }
            open.work.merge(ready);
            for (PeerMessage message : ready.messagesNow()) {
                cluster.send(message);
            }
            for (ReplicaReady.SnapshotSend send : ready.snapshotsToSend()) {
                cluster.sendSnapshot(id, send.to(), send.epoch(), send.tree());
            }
            publish(ready);
        }
        persistPending();
    }

    private void publish(ReplicaReady ready) {
        for (Applied applied : ready.applied()) {
            cluster.checker.applied(id, applied.entry());
        }
        if (ready.tree() != null) {
            cluster.checker.treeAt(id, ready.tree());
        }
        if (ready.snapshotInstalled() != null) {
            cluster.checker.restored(id, ready.snapshotInstalled());
            sessions.lost("tree replaced by the leader's snapshot");
        }
        if (ready.status() != null) {
            cluster.checker.status(id, ready.status());
        }
        sessions.applied(ready.applied(), ready.rejected(), ready.syncsDone(), ready.status());
    }

    private void persistPending() {
        if (inFlight != null) {
            return;
        }
        if (!open.work.hasWork()) {
            for (PeerMessage message : open.work.afterPersist()) {
                cluster.send(message);
            }
            open = new SimBatch();
            return;
        }
        SimBatch batch = open;
        inFlight = batch;
        open = new SimBatch();
        int life = incarnation;
        int latency = random.nextInt(40) == 0 ? 20 + random.nextInt(150) : 1 + random.nextInt(6);
        cluster.events.after(latency, () -> persisted(life, batch));
    }

    private void persisted(int life, SimBatch batch) {
        if (life != incarnation || state == State.DOWN) {
            return;
        }
        if (state == State.PAUSED) {
            pausedInputs.add(() -> {
                if (state == State.UP) {
                    persisted(life, batch);
                }
            });
            return;
        }
        if (failNextFsync) {
            failNextFsync = false;
            cluster.log("node " + id + " fsync failed: halts");
            crash(); // fail-stop, as a cluster node does
            return;
        }
        long last = batch.writeTo(this);
        inFlight = null;
        for (PeerMessage message : batch.work.afterPersist()) {
            cluster.checker.sentAfterPersist(id, message, this);
            cluster.send(message);
        }
        replica.clock(cluster.wallMs());
        replica.persisted(last, batch.work.seq());
        drain();
    }

    /**
     * A snapshot reaches the disk. The list stays in zxid order, as the node's snapshot files
     * (named by zxid) are read: a capture taken before an installed snapshot may land after it,
     * and recovery must still pick the newest tree, not the last written.
     */
    void addDurableSnapshot(DataTree tree) {
        int at = durableSnapshots.size();
        while (at > 0 && durableSnapshots.get(at - 1).lastZxid() > tree.lastZxid()) {
            at--;
        }
        if (at > 0 && durableSnapshots.get(at - 1).lastZxid() == tree.lastZxid()) {
            durableSnapshots.set(at - 1, tree); // the same file name: the later write replaces it
        } else {
            durableSnapshots.add(at, tree);
        }
    }

    long durableLastZxid() {
        if (!durableLog.isEmpty()) {
            return durableLog.get(durableLog.size() - 1).zxid();
        }
        return durableSnapshots.isEmpty() ? 0 : durableSnapshots.get(durableSnapshots.size() - 1).lastZxid();
    }

    boolean serving() {
        return state == State.UP && replica.serving();
    }
}
