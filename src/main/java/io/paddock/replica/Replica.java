package io.paddock.replica;

import io.paddock.consensus.ElectionState;
import io.paddock.consensus.Faults;
import io.paddock.consensus.PeerMessage;
import io.paddock.consensus.Ready;
import io.paddock.consensus.ReplicaCore;
import io.paddock.consensus.Role;
import io.paddock.model.Applied;
import io.paddock.model.ErrorCode;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.session.SessionIdSet;
import io.paddock.tree.DataTree;
import io.paddock.tree.PendingChanges;
import io.paddock.tree.PlanContext;
import io.paddock.tree.Planner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One node's whole protocol as a pure object: the consensus core, the applied tree, the
 * planner with its pending changes, this node's clients' outstanding writes and syncs, and the
 * serving leader's duties (session expiry, container and TTL sweeps). The node's verticles and
 * the simulator drive this same class: inputs are {@link #tick}, {@link #step},
 * {@link #submit}, {@link #sync}, {@link #touch}, {@link #sessionGone}, {@link #persisted},
 * {@link #installSnapshot}, {@link #peerDisconnected}; the output is {@link #ready()}.
 *
 * <p>Time is the shell's milliseconds passed in with {@link #clock} (stamped on txns, used for
 * session deadlines and TTLs), never read here. Confined to one thread.
 *
 * <p>Invariants: the tree is at the core's applied zxid after every {@link #ready()}; writes
 * are planned only while serving as leader, against the tree plus the pending changes, which
 * are empty whenever this node is not serving as leader; a local write is handed to at most
 * one leader per epoch, and to a newer one only after this node applied that epoch's NEWLEADER.
 */
public final class Replica {
    /** What recovery hands a new replica: the election state, the applied tree, and the held log. */
    public record Restored(ElectionState election, DataTree tree, long baseZxid, List<TxnEntry> held) {}

    private final ReplicaConfig config;
    private final ReplicaCore core;
    private final int selfId;
    private final Faults faults;
    private DataTree tree;
    private final PendingChanges pending = new PendingChanges();
    private final LocalRequests local = new LocalRequests();
    /** Non-null while serving as leader. */
    private LeaderDuties duties;
    private final ArrayDeque<PeerMessage.ForwardWrite> heldForwards = new ArrayDeque<>();
    /**
     * Leader: per sender and per incarnation of it (a restart starts a new stream; messages of an
     * old one may still arrive, and keep their own order), {next expected seq, seq last asked
     * for}, for this epoch.
     */
    private final java.util.Map<Long, long[]> inbound = new java.util.HashMap<>();
    private long inboundEpoch = -1;
    /** This node's stream of forwards to the leader of one epoch. */
    private final Outbound outbound;
    /** Syncs with a read index this node has not applied up to yet: {requestId, readZxid}. */
    private final List<long[]> waitingSyncs = new ArrayList<>();
    /** Sessions touched here since the last ping to the leader. */
    private final SessionIdSet touched = new SessionIdSet();
    private long nowMs;
    private long ticks;
    /** The epoch the leader-only state (duties, pending changes, held forwards) belongs to. */
    private long ledEpoch = -1;
    /**
     * Some local write or sync may be held (submitted while this node did not serve): every
     * later one queues behind it until {@link #releaseHeld()} hands them all over in order.
     */
    private boolean held;
    private ReplicaReady.Status status;
    private final Output output = new Output();

    public Replica(ReplicaConfig config, SplittableRandom random, Restored restored, Faults faults) {
        this.config = config;
        this.selfId = config.core().selfId();
        this.faults = faults == null ? Faults.NONE : faults;
        this.tree = restored.tree();
        this.core = new ReplicaCore(config.core(), random, restored.election(), restored.baseZxid(), restored.held(),
                restored.tree().lastZxid(), this.faults);
        this.status = statusNow();
        this.outbound = new Outbound(random.nextLong() | 1);
    }

    /** The sequence numbers of this run's forwards, restarting at 0 in every epoch. */
    private static final class Outbound {
        final long incarnation;
        long epoch = -1;
        long nextSeq;

        Outbound(long incarnation) {
            this.incarnation = incarnation;
        }

        long next(long currentEpoch) {
            if (currentEpoch != epoch) {
                epoch = currentEpoch;
                nextSeq = 0;
            }
            return nextSeq++;
        }
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** The shell's wall clock for what follows (txn timestamps, session deadlines, TTLs). */
    public void clock(long nowMs) {
        this.nowMs = nowMs;
    }

    /** One tick: the core's timers, then the leader's expiry and sweeps or a follower's session ping. */
    public void tick() {
        ticks++;
        core.tick();
        drainCore();
        retransmitForwards();
        if (duties != null && serving()) {
            for (long sessionId : duties.expired(nowMs)) {
                propose(sessionId, 0, new Request.CloseSession(), List.of());
            }
            for (String path : duties.containersDue(tree)) {
                propose(0, 0, new Request.DeleteContainer(path), List.of());
            }
            for (String path : duties.ttlsDue(tree, nowMs)) {
                propose(0, 0, new Request.DeleteContainer(path), List.of());
            }
        } else if (!touched.isEmpty() && core.leaderId() != 0 && core.leaderId() != selfId) {
            output.messages.add(new PeerMessage.SessionPing(selfId, core.leaderId(), core.epoch(), touched.drain()));
        }
    }

    public void step(PeerMessage message) {
        core.step(message);
        if (message instanceof PeerMessage.ForwardWrite forward) {
            forwarded(forward);
        } else if (message instanceof PeerMessage.ForwardGap gap) {
            forwardGap(gap);
        } else if (message instanceof PeerMessage.ForwardRejected rejected && rejected.epoch() == core.epoch()) {
            LocalRequests.Pending write = local.writeApplied(rejected.sessionId(), rejected.cxid());
            if (write != null) {
                output.rejected.add(new ReplicaReady.Rejected(write.sessionId, write.cxid, rejected.err()));
            }
        } else if (message instanceof PeerMessage.SessionPing ping && duties != null) {
            for (long sessionId : ping.sessionIds()) {
                duties.touch(sessionId, nowMs);
            }
        }
        drainCore();
    }

    /** A write from one of this node's clients (or createSession/closeSession for one). */
    public void submit(long sessionId, int cxid, Request request, List<Id> authIds) {
        LocalRequests.Pending write = local.addWrite(sessionId, cxid, request, authIds);
        if (held) {
            releaseHeld(); // never ahead of a write of the same session still waiting for a leader
        } else {
            handOff(write);
        }
        drainCore();
    }

    /** A sync from one of this node's clients: answered once a read index is confirmed and applied. */
    public void sync(long sessionId, int cxid) {
        long requestId = local.addSync(sessionId, cxid);
        if (held) {
            releaseHeld();
        } else {
            handOffSync(requestId, local.sync(requestId));
        }
        drainCore();
    }

    /** Sessions with traffic on this node (the leader renews them; a follower reports them). */
    public void touch(long[] sessionIds) {
        for (long sessionId : sessionIds) {
            if (duties != null) {
                duties.touch(sessionId, nowMs);
            } else {
                touched.add(sessionId);
            }
        }
    }

    /** The connection of a session closed here: its unanswered requests are never sent again. */
    public void sessionGone(long sessionId) {
        local.sessionGone(sessionId);
    }

    /**
     * The shell's log is durable up to {@code zxid}, written from the Readies up to
     * {@code persistSeq} (the written work's {@link PersistWork#seq}).
     */
    public void persisted(long zxid, long persistSeq) {
        core.persisted(zxid, persistSeq);
        drainCore();
    }

    public void peerDisconnected(int peer) {
        core.peerDisconnected(peer);
        drainCore();
    }

    /**
     * A snapshot streamed by {@code from}, leader of {@code leaderEpoch}: when taken, the tree
     * is replaced and the next Ready says to persist it (clients of this node must re-register
     * their watches, so the shell should drop their connections).
     */
    public void installSnapshot(int from, long leaderEpoch, DataTree snapshot) {
        if (core.installSnapshot(from, leaderEpoch, snapshot.lastZxid())) {
            tree = snapshot;
            pending.clear();
            // The snapshot skips entries: which pending local writes it holds cannot be told, so they
            // are forgotten, never sent again (the shell drops their clients' connections: their
            // outcome is unknown to the client, as after any connection loss).
            local.clear();
            output.persist.installed(snapshot);
        }
        drainCore();
    }

    /**
     * Standalone only: the log could not be written (no disk space). Every proposal not yet
     * persisted is dropped and its write rejected; the next batch tries again.
     */
    public void abandonUnpersisted() {
        for (TxnEntry entry : core.abandonUnpersisted()) {
            LocalRequests.Pending write = local.writeApplied(entry.sessionId(), entry.cxid());
            if (write != null) {
                output.rejected.add(new ReplicaReady.Rejected(write.sessionId, write.cxid, ErrorCode.SYSTEMERROR));
            } else if (entry.txn() instanceof Txn.CloseSession close && duties != null) {
                duties.created(close.sessionId(), timeoutOf(close.sessionId()), nowMs); // expire it again later
            }
        }
        pending.clear();
        output.persist.dropEntries(); // the shell dropped its unwritten batch too
        drainCore();
    }

    // ---- output -------------------------------------------------------------------------------

    public boolean hasReady() {
        return core.hasReady() || output.hasAny() || statusChanged();
    }

    private boolean statusChanged() {
        return status.role() != core.role() || status.leaderId() != core.leaderId() || status.epoch() != core.epoch()
                || status.serving() != serving();
    }

    /** Everything the shell must do next; see {@link ReplicaReady}. */
    public ReplicaReady ready() {
        drainCore();
        ReplicaReady.Status changed = null;
        if (statusChanged()) {
            status = statusNow();
            changed = status;
        }
        return output.take(changed, tree);
    }

    // ---- queries ------------------------------------------------------------------------------

    /** True when this node serves its clients: see {@link ReplicaReady.Status#serving()}. */
    public boolean serving() {
        if (core.role() == Role.LEADING && faults.serveBeforeSync()) {
            return core.serving(); // the planted bug: serve at once, before a quorum synced with this leader
        }
        if (tree.lastZxid() < Zxid.of(core.epoch(), 0)) {
            return false;
        }
        return core.role() == Role.LEADING ? core.serving() : core.leaderId() != 0;
    }

    public DataTree tree() {
        return tree;
    }

    public ReplicaCore core() {
        return core;
    }

    public ReplicaReady.Status status() {
        return statusNow();
    }

    /** Sessions the serving leader tracks, or -1 when this node does not lead. */
    public int trackedSessions() {
        return duties == null ? -1 : duties.sessionCount();
    }

    public int outstandingLocal() {
        return local.size();
    }

    // ---- writes -------------------------------------------------------------------------------

    /** Hands a local write to whoever takes writes now: itself as serving leader, or the leader it follows. */
    private void handOff(LocalRequests.Pending write) {
        if (!serving()) {
            held = true; // until this node serves again (a new leader's NEWLEADER, or the same leader back)
            return;
        }
        write.epochSent = core.epoch();
        if (core.role() == Role.LEADING) {
            propose(write.sessionId, write.cxid, write.request, write.authIds);
        } else {
            write.seq = outbound.next(core.epoch());
            write.sentTick = ticks;
            output.messages.add(forwardOf(write));
        }
    }

    /**
     * Forwards the leader has not applied within an election timeout are sent again (same
     * sequence number: the leader drops the copy if it had it). This covers the last forward of
     * a burst getting lost, which no later forward reveals as a gap.
     */
    private void retransmitForwards() {
        if (!serving() || core.role() == Role.LEADING || outbound.epoch != core.epoch()) {
            return;
        }
        long due = ticks - config.core().electionTimeoutTicks();
        for (LocalRequests.Pending write : local.forwardedBefore(core.epoch(), due)) {
            write.sentTick = ticks;
            output.messages.add(forwardOf(write));
        }
    }

    private PeerMessage.ForwardWrite forwardOf(LocalRequests.Pending write) {
        return new PeerMessage.ForwardWrite(selfId, core.leaderId(), core.epoch(), outbound.incarnation, write.seq,
                write.sessionId, write.cxid, write.request, write.authIds);
    }

    /**
     * The leader missed forwards from {@code expectedSeq} on (lost or reordered on the way):
     * send them again in order; a write no longer pending here (its session's connection
     * closed) is sent as an empty filler, so the stream has no hole.
     */
    private void forwardGap(PeerMessage.ForwardGap gap) {
        if (gap.epoch() != core.epoch() || gap.incarnation() != outbound.incarnation || core.leaderId() != gap.from()
                || outbound.epoch != core.epoch()) {
            return;
        }
        List<LocalRequests.Pending> resend = local.forwardedFrom(core.epoch(), gap.expectedSeq());
        int next = 0;
        for (long seq = gap.expectedSeq(); seq < outbound.nextSeq; seq++) {
            if (next < resend.size() && resend.get(next).seq == seq) {
                resend.get(next).sentTick = ticks;
                output.messages.add(forwardOf(resend.get(next++)));
            } else {
                output.messages.add(new PeerMessage.ForwardWrite(selfId, core.leaderId(), core.epoch(),
                        outbound.incarnation, seq, 0, 0, null, List.of()));
            }
        }
    }

    private void handOffSync(long requestId, LocalRequests.Pending sync) {
        if (!serving()) {
            held = true;
        } else if (core.readIndex(requestId)) {
            sync.epochSent = core.epoch();
        }
    }

    /**
     * Once this node serves, hands every write and sync not yet handed to the leader of this
     * epoch to it, in submission order (writes first): the held ones, and those a failed leader
     * of an earlier epoch never applied. Called when a NEWLEADER marker applies, when a held
     * node serves again without one (it rejoined the same leader), and before any request that
     * arrives while some are held, so that no request overtakes an earlier one of its session.
     */
    private void releaseHeld() {
        if (!serving()) {
            return;
        }
        held = false;
        for (LocalRequests.Pending write : local.writesBefore(core.epoch())) {
            handOff(write);
        }
        for (Map.Entry<Long, LocalRequests.Pending> sync : local.syncsBefore(core.epoch())) {
            handOffSync(sync.getKey(), sync.getValue());
        }
    }

    private void forwarded(PeerMessage.ForwardWrite forward) {
        if (forward.epoch() != core.epoch() || core.role() != Role.LEADING) {
            return; // the sender hands it to the next leader once it has applied that leader's NEWLEADER
        }
        if (core.epoch() != inboundEpoch) {
            inbound.clear();
            inboundEpoch = core.epoch();
        }
        // Incarnations are random per run: the key mixes sender and incarnation (a collision would
        // need two runs of one node to draw ids differing exactly in the sender's bits).
        long key = forward.incarnation() ^ ((long) forward.from() << 48);
        long[] stream = inbound.computeIfAbsent(key, k -> new long[] {0, -1});
        if (forward.seq() < stream[0]) {
            return; // a duplicate
        }
        if (forward.seq() > stream[0]) {
            if (stream[1] != stream[0]) {
                stream[1] = stream[0]; // ask once per hole; the sender's retransmit covers a lost ask
                output.messages.add(new PeerMessage.ForwardGap(selfId, forward.from(), core.epoch(),
                        forward.incarnation(), stream[0]));
            }
            return;
        }
        stream[0]++;
        if (forward.request() == null) {
            return; // a filler for a write its sender no longer has
        }
        if (serving()) {
            propose(forward.sessionId(), forward.cxid(), forward.request(), forward.authIds());
        } else {
            ledEpoch = core.epoch();
            heldForwards.addLast(forward);
        }
    }

    private void propose(long sessionId, int cxid, Request request, List<Id> authIds) {
        ledEpoch = core.epoch();
        long zxid = core.nextZxid();
        PlanContext context = new PlanContext(sessionId, cxid, zxid, nowMs, authIds, config.extendedTypesEnabled());
        Txn txn = Planner.plan(tree, pending, context, request);
        core.propose(new TxnEntry(zxid, sessionId, cxid, nowMs, txn));
    }

    // ---- the core's output ----------------------------------------------------------------------

    /** Takes every Ready the core has, applying committed entries, until it has none. */
    private void drainCore() {
        do {
            while (core.hasReady()) {
                Ready ready = core.ready();
                output.merge(ready);
                apply(ready.entriesToApply());
                for (Ready.ReadState read : ready.readStates()) {
                    readIndexed(read.requestId(), read.readZxid());
                }
                for (int peer : ready.snapshotsToSend()) {
                    output.snapshots.add(new ReplicaReady.SnapshotSend(peer, core.epoch(), tree));
                }
            }
            if (held && serving()) {
                releaseHeld(); // serving again without a new NEWLEADER: the same leader is back
            }
        } while (core.hasReady());
        if (core.role() != Role.LEADING || core.epoch() != ledEpoch) {
            // Not (or no longer) leading in the epoch these belong to: the next leader expires and sweeps,
            // and followers hand their writes to it.
            duties = null;
            pending.clear();
            heldForwards.clear();
        }
    }

    private void apply(List<TxnEntry> entries) {
        List<TxnEntry> order = entries;
        if (faults.applyOutOfOrder() && entries.size() > 1) {
            order = new ArrayList<>(entries);
            java.util.Collections.reverse(order);
        }
        for (TxnEntry entry : order) {
            if (entry.zxid() <= tree.lastZxid()) {
                continue; // only reachable with the planted bug: the tree refuses to go back
            }
            DataTree.Result result = tree.apply(entry);
            tree = result.tree();
            output.applied.add(result.applied());
            applied(entry);
        }
        if (!entries.isEmpty()) {
            pending.applied(tree.lastZxid());
            answerSyncs();
        }
    }

    /** Bookkeeping after one applied entry: local requests, the leader's sessions, NEWLEADER. */
    private void applied(TxnEntry entry) {
        if (entry.sessionId() != 0) {
            local.writeApplied(entry.sessionId(), entry.cxid());
        }
        Txn txn = entry.txn();
        if (duties != null && txn instanceof Txn.CreateSession created) {
            duties.created(created.sessionId(), created.timeoutMs(), nowMs);
        } else if (duties != null && txn instanceof Txn.CloseSession closed) {
            duties.closed(closed.sessionId());
        } else if (txn instanceof Txn.NewEpoch && Zxid.epoch(entry.zxid()) == core.epoch()) {
            newLeaderApplied();
        }
    }

    /**
     * This node applied its leader's NEWLEADER marker: a leader starts serving; everyone hands
     * their clients' requests that no longer have a live leader to the one that now does.
     */
    private void newLeaderApplied() {
        if (core.role() == Role.LEADING) {
            duties = new LeaderDuties(config, tree, nowMs);
            ledEpoch = core.epoch();
            while (!heldForwards.isEmpty()) {
                PeerMessage.ForwardWrite held = heldForwards.pollFirst();
                propose(held.sessionId(), held.cxid(), held.request(), held.authIds());
            }
        }
        releaseHeld();
    }

    private void readIndexed(long requestId, long readZxid) {
        if (local.sync(requestId) == null) {
            return;
        }
        waitingSyncs.add(new long[] {requestId, readZxid});
        answerSyncs();
    }

    private void answerSyncs() {
        for (int i = 0; i < waitingSyncs.size(); i++) {
            long[] waiting = waitingSyncs.get(i);
            if (waiting[1] <= tree.lastZxid()) {
                LocalRequests.Pending sync = local.syncDone(waiting[0]);
                if (sync != null) {
                    output.syncsDone.add(new ReplicaReady.SyncDone(sync.sessionId, sync.cxid, tree.lastZxid()));
                }
                waitingSyncs.remove(i--);
            }
        }
    }

    private int timeoutOf(long sessionId) {
        io.paddock.tree.SessionInfo session = tree.session(sessionId);
        return session == null ? config.sessionTickMs() * 2 : session.timeoutMs();
    }

    private ReplicaReady.Status statusNow() {
        return new ReplicaReady.Status(core.role(), core.leaderId(), core.epoch(), serving());
    }
}
