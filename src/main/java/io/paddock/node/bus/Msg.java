package io.paddock.node.bus;

import io.paddock.model.Applied;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.replica.ReplicaReady;
import io.paddock.tree.DataTree;
import java.util.List;

/**
 * The messages this node's verticles exchange on the local event bus. Every one is an
 * immutable record delivered by reference ({@link LocalCodec}); arrays are owned by the
 * message and never mutated after sending.
 */
public sealed interface Msg {
    /** A client write (or createSession/closeSession) for the replica. */
    record Write(long sessionId, int cxid, Request request, List<Id> authIds) implements Msg {}

    /** A client's sync: answered by {@link SyncDone} once this node has applied a confirmed read index. */
    record Sync(long sessionId, int cxid) implements Msg {}

    /** Sessions with traffic on this node since the last report (the leader renews their timeouts). */
    record Touched(long[] sessionIds) implements Msg {}

    /** A session's connection closed on this node: its unanswered requests are not handed to a leader again. */
    record SessionGone(long sessionId) implements Msg {}

    /** Writes the replica will not apply (log failed, no disk space): answered {@code err}. */
    record Rejected(long sessionId, int cxid, int err) implements Msg {}

    record SyncDone(long sessionId, int cxid, long zxid) implements Msg {}

    /**
     * Txns applied in zxid order, and the tree after the last of them. {@code replaced}: the tree
     * was replaced by a snapshot from the leader (watches cannot be fired for what it skipped, so
     * client connections are dropped and clients re-register them).
     */
    record AppliedBatch(DataTree tree, List<Applied> applied, boolean replaced) implements Msg {}

    /** The node's place in the ensemble changed (role, leader, epoch, serving). */
    record Status(ReplicaReady.Status status, DataTree tree) implements Msg {}
}
