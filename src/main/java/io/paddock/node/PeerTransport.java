package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.PeerMessage;
import io.paddock.tree.DataTree;
import io.paddock.tree.TreeSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP transport between this node and its peers (Vert.x NetServer and NetClient; no
 * clustered event bus). Frames are {@code wire.peer}'s ({@code PeerFrames}).
 *
 * <p>Owns: the server on this node's own member entry ({@code cluster.self()}), which accepts the
 * connections peers dial ({@link PeerInbound}, receive only), and one {@link PeerLink} per peer,
 * the connection this node dials to the peer's configured address (send only). A node sends to
 * peer j only on the connection it dialed to j and hears j only on connections j dialed, so a
 * one-way fault on the path i to j affects exactly i's messages to j.
 *
 * <p>Sending: {@link #send} encodes every message into its peer's buffer, and each buffer is
 * written with one socket write per event-loop turn (one flush task for the turn, however many
 * send calls it had). A message for a peer that is not connected, or whose queued bytes reached
 * {@code cluster.peerBytesInFlightMax()}, is dropped and counted: the protocol retransmits.
 * Receiving: the messages of each socket read reach {@link Inbound#messages} in one call, in
 * order. Snapshots (SNAP) are serialised and parsed on workers ({@link SnapshotSender},
 * {@link #parseSnapshot}) and streamed with backpressure; everything else runs on the node's event
 * loop, the context the transport was created on.
 *
 * <p>Invariants: after {@link #close} nothing is dialed, delivered or written any more; every
 * accepted connection is in {@code accepted} until it closes, and at most one per peer has said
 * HELLO (a newer one replaces an older, which a peer only leaves behind when it lost it).
 */
final class PeerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    static final int CONNECT_TIMEOUT_MS = 1000;

    /** What the transport hands to the node, on its event loop. */
    interface Inbound {
        /** The messages of one socket read, in the order the peer sent them. */
        void messages(List<PeerMessage> messages);

        /** The connection this node dialed to {@code peer} is gone (once per loss); it is being redialed. */
        void disconnected(int peer);

        /** A complete snapshot from {@code from}, checked (length, crc, digest) and parsed. */
        void snapshot(int from, long epoch, DataTree tree);
    }

    private final Vertx vertx;
    private final Context context;
    private final ClusterSettings cluster;
    private final Inbound inbound;
    private final long snapshotBytesMax;
    /** Invariant: one link per member other than this node; fixed at construction. */
    private final Map<Integer, PeerLink> links = new TreeMap<>();
    private final Set<PeerInbound> accepted = new LinkedHashSet<>();
    private List<PeerLink> dirty = new ArrayList<>();
    private boolean flushScheduled;
    private NetServer server;
    private NetClient client;
    private boolean closed;
    private int listenPort = -1;

    /** The transport of a node; redial jitter is seeded from its election seed and id. */
    PeerTransport(Vertx vertx, NodeConfig config, ClusterSettings cluster, Inbound inbound) {
        this(vertx, cluster, inbound,
                new SplittableRandom(config.electionSeed() ^ (0xC2B2AE3D27D4EB4FL * (cluster.selfId() + 1L))));
    }

    /** Must be called on the node's event loop: that context runs everything the transport does. */
    PeerTransport(Vertx vertx, ClusterSettings cluster, Inbound inbound, SplittableRandom random) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.cluster = cluster;
        this.inbound = inbound;
        // A body is kept in memory while it arrives; half the heap leaves room to build the tree from it.
        this.snapshotBytesMax = Runtime.getRuntime().maxMemory() / 2;
        for (ClusterSettings.Peer member : cluster.members()) {
            if (member.id() != cluster.selfId()) {
                links.put(member.id(), new PeerLink(this, member, random.split(), cluster.peerBytesInFlightMax()));
            }
        }
    }

    /** Listens on this node's peer port, then dials every peer; completes once the port is bound. */
    Future<Void> start() {
        ClusterSettings.Peer self = cluster.self();
        if (self == null) {
            return Future.failedFuture("node " + cluster.selfId() + " is not a member of its own ensemble");
        }
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true)
                .setTcpKeepAlive(true));
        server = vertx.createNetServer(new NetServerOptions().setHost(self.host()).setPort(self.peerPort())
                .setTcpNoDelay(true).setTcpKeepAlive(true).setReuseAddress(true));
        server.connectHandler(this::accept);
        String address = self.host() + ":" + self.peerPort();
        return server.listen().recover(cause -> Future.failedFuture(new IllegalStateException(
                "cannot listen for peers on " + address + ": " + cause.getMessage(), cause)))
                .map(bound -> {
                    listenPort = bound.actualPort();
                    LOG.info("node {}: listening for peers on {}:{}; dialing {}", cluster.selfId(), self.host(),
                            listenPort, links.keySet());
                    links.values().forEach(PeerLink::dial);
                    return null;
                });
    }

    /**
     * Queues each message on the connection to its addressee; the queued bytes leave in one
     * socket write per peer at the end of this event-loop turn.
     */
    void send(List<PeerMessage> messages) {
        if (closed) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            PeerMessage message = messages.get(i);
            PeerLink link = links.get(message.to());
            if (link == null) {
                LOG.warn("dropping a {} for node {}, which is not a peer of node {}",
                        message.getClass().getSimpleName(), message.to(), cluster.selfId());
                continue;
            }
            boolean wasDirty = link.dirty();
            if (link.enqueue(message) && !wasDirty) {
                dirty.add(link);
                scheduleFlush();
            }
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
    }

    private void flush() {
        flushScheduled = false;
        List<PeerLink> links = dirty;
        dirty = new ArrayList<>();
        for (PeerLink link : links) {
            link.flush();
        }
    }

    /**
     * Streams {@code tree} to {@code to} on its connection. Ignored when the peer is not connected
     * or a snapshot to it is still streaming (the leader retries after its snapshot timeout).
     */
    void sendSnapshot(int to, long epoch, DataTree tree) {
        PeerLink link = links.get(to);
        if (closed || link == null) {
            return;
        }
        link.sendSnapshot(epoch, tree, cluster.snapshotTimeoutMs());
    }

    /** Closes the server and every connection; nothing reconnects afterwards. */
    Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        List<Future<?>> closing = new ArrayList<>();
        for (PeerLink link : links.values()) {
            closing.add(link.close());
        }
        for (PeerInbound connection : List.copyOf(accepted)) {
            connection.close();
        }
        if (server != null) {
            closing.add(server.close());
        }
        if (client != null) {
            closing.add(client.close());
        }
        return Future.join(closing).mapEmpty();
    }

    // ---- accepted connections --------------------------------------------------------------

    private void accept(NetSocket socket) {
        if (closed) {
            socket.close();
            return;
        }
        PeerInbound connection = new PeerInbound(this, socket);
        accepted.add(connection);
        connection.open();
    }

    /** A HELLO from {@code connection.peer()}: any older connection from that peer is dead to it, so close it. */
    void helloReceived(PeerInbound connection) {
        for (PeerInbound other : List.copyOf(accepted)) {
            if (other != connection && other.peer() == connection.peer()) {
                LOG.info("link {}->{}: dialed again; closing its older connection", connection.peer(),
                        cluster.selfId());
                other.close();
            }
        }
    }

    void acceptedClosed(PeerInbound connection) {
        accepted.remove(connection);
    }

    /** Parses a complete, checked body on a worker and hands the tree over on the event loop. */
    void parseSnapshot(SnapshotAssembly body) {
        long startNanos = System.nanoTime();
        int from = body.begin().from();
        String link = from + "->" + cluster.selfId();
        String name = "from peer " + from + " at zxid 0x" + Long.toHexString(body.begin().zxid());
        context.executeBlocking(() -> TreeSnapshot.read(body.source(), name), false).onComplete(done -> {
            if (closed) {
                return;
            }
            if (done.failed()) {
                // The message names the snapshot ("snapshot from peer 3 at zxid 0x5: bad body magic ...").
                LOG.warn("link {}: dropped a snapshot: {}", link, done.cause().getMessage());
                return;
            }
            DataTree tree = done.result();
            if (tree.lastZxid() != body.begin().zxid()) {
                LOG.warn("link {}: dropped the snapshot {}: its body is at zxid 0x{}", link, name,
                        Long.toHexString(tree.lastZxid()));
                return;
            }
            long parseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            LOG.info("link {}: received the snapshot {} ({} znodes, {} bytes), parsed in {} ms", link, name,
                    tree.nodeCount(), body.begin().bodyBytes(), parseMs);
            inbound.snapshot(from, body.begin().epoch(), tree);
        });
    }

    // ---- for the links and connections -----------------------------------------------------

    Vertx vertx() {
        return vertx;
    }

    Context context() {
        return context;
    }

    NetClient client() {
        return client;
    }

    Inbound inbound() {
        return inbound;
    }

    int selfId() {
        return cluster.selfId();
    }

    boolean closed() {
        return closed;
    }

    boolean isPeer(int id) {
        return links.containsKey(id);
    }

    long snapshotBytesMax() {
        return snapshotBytesMax;
    }

    // ---- observability (tests, four-letter words); on the event loop -----------------------

    /** The port actually bound (useful when the member entry asks for port 0), or -1 before start. */
    int listenPort() {
        return listenPort;
    }

    boolean connected(int peer) {
        PeerLink link = links.get(peer);
        return link != null && link.connected();
    }

    /** Bytes waiting to reach the kernel for {@code peer}: this turn's batch plus unfinished socket writes. */
    long queuedBytes(int peer) {
        return links.get(peer).queuedBytes();
    }

    /** Messages to {@code peer} dropped because its queue was at the bound (or they could not be framed). */
    long droppedFull(int peer) {
        return links.get(peer).droppedFull();
    }

    /** Messages to {@code peer} dropped because it was not connected. */
    long droppedDisconnected(int peer) {
        return links.get(peer).droppedDisconnected();
    }

    /** Socket writes on the connections to {@code peer}, over the transport's life. */
    long socketWrites(int peer) {
        return links.get(peer).socketWrites();
    }

    /** Connections to {@code peer} established, over the transport's life. */
    long connects(int peer) {
        return links.get(peer).connects();
    }

    /** Snapshots that started streaming to {@code peer} (requests ignored while one streamed are not counted). */
    long snapshotsStarted(int peer) {
        return links.get(peer).snapshotsStarted();
    }

    boolean snapshotStreaming(int peer) {
        return links.get(peer).snapshotStreaming();
    }

    /** Accepted connections still open (with or without a HELLO yet). */
    int acceptedConnections() {
        return accepted.size();
    }
}
