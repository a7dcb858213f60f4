package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.PeerMessage;
import io.paddock.tree.DataTree;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** Placeholder: the TCP transport between nodes (being written). */
final class PeerTransport {
    interface Inbound {
        void messages(List<PeerMessage> messages);

        void disconnected(int peer);

        void snapshot(int from, long epoch, DataTree tree);
    }

    PeerTransport(Vertx vertx, NodeConfig config, ClusterSettings cluster, Inbound inbound) {
    }

    Future<Void> start() {
        return Future.failedFuture("the peer transport is not built yet");
    }

    void send(List<PeerMessage> messages) {
    }

    void sendSnapshot(int to, long epoch, DataTree tree) {
    }

    void close() {
    }
}
