package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.PeerMessage;
import io.paddock.model.ErrorCode;
import io.paddock.node.bus.Bus;
import io.paddock.node.bus.Msg;
import io.paddock.replica.Replica;
import io.paddock.replica.ReplicaReady;
import io.paddock.storage.DurableLog;
import io.paddock.storage.LogSpaceException;
import io.paddock.storage.LogStore;
import io.paddock.tree.DataTree;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proposer, acceptor and learner roles of this node: a thin drain loop around the pure
 * {@link Replica}. It feeds the replica client writes and syncs from the bus, peer messages
 * from the {@link PeerTransport}, ticks from a timer and "persisted" from the storage worker,
 * and carries out each {@link ReplicaReady}: persist (group commit: one job in flight, the rest
 * rides on the next), send, publish what was applied, answer rejections and syncs.
 *
 * <p>Runs on the node's single event loop; only the storage worker touches the log files, and
 * the election verticle the election file.
 *
 * <p>Invariants: at most one persist job is in flight; a message the replica put in
 * messagesAfterPersist leaves only after every persist job handed out before it completed
 * ({@link PersistBatch}); a failed log write or fsync of a cluster node halts it (fail-stop).
 */
public final class ReplicationVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationVerticle.class);

    private final NodeConfig config;
    private final ClusterSettings cluster;
    private final LogStore log;
    private final Replica replica;
    private final SnapshotWriter snapshotWriter;
    private final Halt halt;
    private PeerTransport transport;
    private EventBus bus;

    private PersistBatch open = new PersistBatch();
    private PersistBatch inFlight;
    private boolean drainScheduled;
    private boolean sparePreparing;
    /** Standalone: a failed write or fsync; writes are refused until restart. */
    private boolean failed;
    /** Standalone: batches fail for lack of disk space (logged once per outage). */
    private boolean outOfSpace;
    /** Set by {@link #stop()}: no new batch starts; completed once none is in flight. */
    private Promise<Void> stopped;
    private NodeMetrics metrics = NodeMetrics.disabled();

    public ReplicationVerticle(NodeConfig config, ClusterSettings cluster, LogStore log, Replica replica,
                               SnapshotWriter snapshotWriter, Halt halt) {
        this.config = config;
        this.cluster = cluster;
        this.log = log;
        this.replica = replica;
        this.snapshotWriter = snapshotWriter;
        this.halt = halt;
    }

    @Override
    public Future<?> start() {
        bus = vertx.eventBus();
        bus.<Msg.Write>localConsumer(Bus.REPLICATION_WRITE, m -> onWrite(m.body()));
        bus.<Msg.Sync>localConsumer(Bus.REPLICATION_SYNC, m -> {
            replica.sync(m.body().sessionId(), m.body().cxid());
            requestDrain();
        });
        bus.<Msg.Touched>localConsumer(Bus.REPLICATION_TOUCHED, m -> replica.touch(m.body().sessionIds()));
        bus.<Msg.SessionGone>localConsumer(Bus.REPLICATION_SESSION_GONE, m -> replica.sessionGone(m.body().sessionId()));
        CoalescedTicks.start(vertx, cluster.heartbeatMs(), () -> {
            replica.clock(System.currentTimeMillis());
            replica.tick();
            drain();
        });
        replica.clock(System.currentTimeMillis());
        if (cluster.standalone()) {
            replica.tick(); // a quorum of one elects itself at once
            drain();
            return Future.succeededFuture();
        }
        transport = new PeerTransport(vertx, config, cluster, new PeerTransport.Inbound() {
            @Override
            public void messages(List<PeerMessage> messages) {
                replica.clock(System.currentTimeMillis());
                for (PeerMessage message : messages) {
                    replica.step(message);
                }
                requestDrain();
            }

            @Override
            public void disconnected(int peer) {
                replica.peerDisconnected(peer);
                requestDrain();
            }

            @Override
            public void snapshot(int from, long epoch, DataTree tree) {
                replica.installSnapshot(from, epoch, tree);
                requestDrain();
            }
        });
        return transport.start();
    }

    /**
     * Lets the batch being written finish before Vert.x shuts its workers down (which would
     * interrupt the fsync and close the log file under it). Entries not yet handed to the log
     * were never acknowledged and are dropped.
     */
    @Override
    public Future<?> stop() {
        stopped = Promise.promise();
        if (transport != null) {
            transport.close();
        }
        if (inFlight == null) {
            stopped.complete();
        }
        return stopped.future();
    }

    /** Meters for fsync and proposal-to-commit times; set before deployment. */
    void metrics(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    /** The replica, for the four-letter words (read on this same event loop). */
    Replica replica() {
        return replica;
    }

    private void onWrite(Msg.Write write) {
        if (failed) {
            bus.send(Bus.CLIENT_REJECTED, new Msg.Rejected(write.sessionId(), write.cxid(), ErrorCode.SYSTEMERROR));
            return;
        }
        replica.clock(System.currentTimeMillis());
        replica.submit(write.sessionId(), write.cxid(), write.request(), write.authIds());
        if (inFlight == null) {
            drain(); // the disk is idle: start its write now, the lowest latency
        } else {
            requestDrain(); // a write is in flight: everything until it returns rides the next one
        }
    }

    /** Drains once at the end of this event-loop turn, so that everything that arrived in it rides one Ready. */
    private void requestDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            context.runOnContext(v -> {
                drainScheduled = false;
                drain();
            });
        }
    }

    /** Carries out everything the replica has ready. */
    private void drain() {
        while (replica.hasReady()) {
            ReplicaReady ready = replica.ready();
            if (inFlight != null) {
                inFlight.work.cutBy(ready);
            }
            open.work.merge(ready);
            if (transport != null) {
                transport.send(ready.messagesNow());
                for (ReplicaReady.SnapshotSend send : ready.snapshotsToSend()) {
                    transport.sendSnapshot(send.to(), send.epoch(), send.tree());
                }
            }
            publish(ready);
        }
        persistPending();
    }

    private void publish(ReplicaReady ready) {
        metrics.applied(ready.applied());
        if (!ready.applied().isEmpty() || ready.snapshotInstalled() != null) {
            bus.publish(Bus.APPLIED, new Msg.AppliedBatch(ready.tree(), ready.applied(), ready.snapshotInstalled() != null));
        }
        for (ReplicaReady.Rejected rejected : ready.rejected()) {
            bus.send(Bus.CLIENT_REJECTED, new Msg.Rejected(rejected.sessionId(), rejected.cxid(), rejected.err()));
        }
        for (ReplicaReady.SyncDone done : ready.syncsDone()) {
            bus.send(Bus.CLIENT_SYNC_DONE, new Msg.SyncDone(done.sessionId(), done.cxid(), done.zxid()));
        }
        if (ready.status() != null) {
            bus.publish(Bus.STATUS, new Msg.Status(ready.status(), replica.tree()));
        }
    }

    // ---- persisting -------------------------------------------------------------------------------

    private void persistPending() {
        if (inFlight != null || stopped != null || failed) {
            return;
        }
        if (!open.work.hasWork()) {
            // Nothing to write: whatever the waiting messages promise was made durable by earlier jobs.
            sendAfterPersist(open);
            open = new PersistBatch();
            return;
        }
        inFlight = open;
        open = new PersistBatch();
        PersistBatch batch = inFlight;
        Future<Void> vote = batch.work.election() == null ? Future.succeededFuture()
                : bus.<Object>request(Bus.ELECTION_PERSIST, batch.work.election()).mapEmpty();
        metrics.persistStarted(batch.work.entries());
        Future<Long> written = vertx.executeBlocking(() -> metrics.fsync(batch.work.entries().size(),
                () -> batch.write(log, snapshotWriter)));
        Future.all(vote, written).onComplete(done -> {
            if (done.succeeded()) {
                persisted(batch, written.result());
            } else {
                persistFailed(batch, done.cause());
            }
        });
    }

    private void persisted(PersistBatch batch, long lastZxid) {
        inFlight = null;
        if (stopped != null) {
            // Going down: the batch is durable and the next start applies it; the other verticles are gone.
            stopped.tryComplete();
            return;
        }
        prepareSpareSegment();
        if (outOfSpace) {
            LOG.info("the txn log has disk space again; writes resume");
            outOfSpace = false;
        }
        sendAfterPersist(batch);
        replica.persisted(lastZxid, batch.work.seq());
        drain();
    }

    private void sendAfterPersist(PersistBatch batch) {
        if (transport != null && !batch.work.afterPersist().isEmpty()) {
            transport.send(batch.work.afterPersist());
        }
    }

    /** The next segment is zero-filled on another worker, so a roll costs a rename, not a 64 MiB write. */
    private void prepareSpareSegment() {
        if (!(log instanceof DurableLog durable) || !durable.spareWanted() || sparePreparing) {
            return;
        }
        sparePreparing = true;
        vertx.executeBlocking(() -> {
            durable.prepareSpare();
            return null;
        }, false).onComplete(done -> {
            sparePreparing = false;
            if (done.failed()) {
                LOG.warn("could not prepare the next log segment ahead of time: {}", done.cause().toString());
            }
        });
    }

    /**
     * A cluster node halts on any failed write: its peers carry on, and a node that cannot
     * persist must not acknowledge. A standalone node keeps serving reads: a batch that could
     * not get disk space was not written at all, so its writes and every write proposed after
     * it are rejected and the next batch tries again; any other failure is never retried.
     */
    private void persistFailed(PersistBatch batch, Throwable cause) {
        inFlight = null;
        if (stopped != null) {
            stopped.tryComplete();
            return;
        }
        if (!cluster.standalone()) {
            halt.halt("txn log or election state write/fsync failed", cause);
            return;
        }
        if (cause instanceof LogSpaceException) {
            if (!outOfSpace) {
                LOG.error("no disk space for the txn log: rejecting writes until space returns ({})", cause.getMessage());
            }
            outOfSpace = true;
        } else {
            LOG.error("txn log write/fsync failed; this node no longer accepts writes (restart it once the disk is "
                    + "healthy)", cause);
            failed = true;
        }
        open = new PersistBatch();
        replica.abandonUnpersisted();
        drain();
    }
}
