package io.paddock.node.bus;

import io.paddock.model.Applied;
import io.paddock.model.Id;
import io.paddock.model.Request;
import io.paddock.tree.DataTree;
import java.util.List;

/**
 * The messages this node's verticles exchange on the local event bus. Every one is an
 * immutable record delivered by reference ({@link LocalCodec}).
 */
public sealed interface Msg {
    /** A client write (or createSession/closeSession) for the proposer. */
    record Write(long sessionId, int cxid, Request request, List<Id> authIds) implements Msg {}

    /** Writes the proposer could not take (node not serving, log failed): answered {@code err}. */
    record Rejected(long sessionId, int cxid, int err) implements Msg {}

    /** Txns applied in zxid order, and the tree after the last of them. */
    record AppliedBatch(DataTree tree, List<Applied> applied) implements Msg {}

    /** The election's outcome for this node. */
    record Elected(long epoch, int leaderId) implements Msg {}

    /** The replication layer is ready to serve: the tree to serve from. */
    record Serving(DataTree tree) implements Msg {}
}
