package io.paddock.node.tools;

import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and the connections of one link (node {@code from} to node {@code to}). Each
 * connection node {@code from} opens to the link's port is paired with one the link dials to the
 * target, and bytes are piped both ways ({@link Pipe}).
 *
 * <p>States: OPEN, bytes flow; STALLED, no connection of the link moves a byte in either
 * direction, and a connection accepted while stalled is held (paused, not yet dialed to the
 * target) until the link opens, so the target never learns of it meanwhile. {@link #reset()}
 * closes every connection and leaves the state as it was.
 *
 * <p>Runs on the proxy verticle's event loop only: the link's server, its client and every
 * socket belong to that context. Invariants: every connection in {@code connections} has its
 * inbound socket still open or its outbound side still flushing; a connection's pipes exist
 * exactly when it has been dialed, and are stalled exactly when the link is.
 */
final class ProxyLink {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyLink.class);

    enum State { OPEN, STALLED }

    private final LinkSpec spec;
    private final NetClient client;
    private final Set<Connection> connections = new LinkedHashSet<>();
    private State state = State.OPEN;
    private boolean targetReachable = true;
    /** Bytes of connections already gone, so that status counts the link's whole life. */
    private long bytesForwardClosed;
    private long bytesBackwardClosed;

    ProxyLink(LinkSpec spec, NetClient client) {
        this.spec = spec;
        this.client = client;
    }

    LinkSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    State state() {
        return state;
    }

    /** A connection from node {@code from} arrived on the link's port. */
    void accept(NetSocket inbound) {
        // Paused before the handler returns, so not one byte is read before there is a target.
        inbound.pause();
        Connection connection = new Connection(inbound);
        connections.add(connection);
        inbound.closeHandler(ignored -> connection.inboundClosed());
        LOG.debug("link {}: connection from {} ({} open{})", name(), inbound.remoteAddress(), connections.size(),
                state == State.STALLED ? ", held while stalled" : "");
        if (state == State.OPEN) {
            connection.dial();
        }
    }

    /** Stops every connection of the link in both directions; returns false if it already was. */
    boolean stall() {
        if (state == State.STALLED) {
            return false;
        }
        change(State.STALLED);
        connections.forEach(c -> c.stall(true));
        return true;
    }

    /** Lets bytes flow again, dialing connections held while stalled; returns false if already open. */
    boolean open() {
        if (state == State.OPEN) {
            return false;
        }
        change(State.OPEN);
        for (Connection connection : List.copyOf(connections)) {
            connection.stall(false);
            if (connection.held()) {
                connection.dial();
            }
        }
        return true;
    }

    /** Closes every connection of the link; returns how many there were. */
    int reset() {
        List<Connection> all = new ArrayList<>(connections);
        all.forEach(Connection::close);
        LOG.info("link {}: reset, {} connection(s) closed", name(), all.size());
        return all.size();
    }

    /** "NAME STATE connections=C bytes=B forward=F backward=K" (bytes = F + K, over the link's life). */
    String statusLine() {
        long forward = bytesForwardClosed;
        long backward = bytesBackwardClosed;
        for (Connection c : connections) {
            forward += c.forward == null ? 0 : c.forward.bytes();
            backward += c.backward == null ? 0 : c.backward.bytes();
        }
        return name() + " " + state.name().toLowerCase(Locale.ROOT) + " connections=" + connections.size()
                + " bytes=" + (forward + backward) + " forward=" + forward + " backward=" + backward;
    }

    /**
     * Logs that the target refused a connection, once until it accepts one again: a node keeps
     * redialing a peer that is down, and a line per attempt would bury the state changes.
     */
    private void targetDown(Throwable cause) {
        if (targetReachable) {
            targetReachable = false;
            LOG.info("link {}: target {}:{} unreachable ({}); connections to it are closed until it is back", name(),
                    spec.targetHost(), spec.targetPort(), cause.getMessage());
        }
    }

    private void targetUp() {
        if (!targetReachable) {
            targetReachable = true;
            LOG.info("link {}: target {}:{} reachable again", name(), spec.targetHost(), spec.targetPort());
        }
    }

    private void change(State next) {
        LOG.info("link {}: {} -> {} ({} connection(s))", name(), state.name().toLowerCase(Locale.ROOT),
                next.name().toLowerCase(Locale.ROOT), connections.size());
        state = next;
    }

    /** One connection of the link: the socket node {@code from} opened, and the one dialed to the target. */
    private final class Connection {
        private final NetSocket inbound;
        private NetSocket outbound;
        private Pipe forward;
        private Pipe backward;
        private boolean dialing;
        /** Set once the proxy closes it (reset, or an unreachable target): it is never dialed again. */
        private boolean closing;
        private boolean inboundOpen = true;
        private boolean outboundOpen;

        Connection(NetSocket inbound) {
            this.inbound = inbound;
        }

        /** Accepted while stalled and still waiting for the link to open. */
        boolean held() {
            return outbound == null && !dialing && !closing && inboundOpen;
        }

        void dial() {
            dialing = true;
            client.connect(spec.targetPort(), spec.targetHost()).onComplete(result -> {
                dialing = false;
                if (result.failed()) {
                    targetDown(result.cause());
                    closing = true;
                    inbound.close();
                } else if (!inboundOpen) {
                    // The connection went away (closed by its node, or reset) while we dialed.
                    result.result().close();
                } else {
                    targetUp();
                    connected(result.result());
                }
                forgetIfDone();
            });
        }

        private void connected(NetSocket socket) {
            outbound = socket;
            outboundOpen = true;
            socket.closeHandler(ignored -> {
                outboundOpen = false;
                forgetIfDone();
            });
            boolean stalled = state == State.STALLED;
            forward = new Pipe(inbound, socket, stalled);
            backward = new Pipe(socket, inbound, stalled);
        }

        void stall(boolean stall) {
            if (forward != null) {
                forward.stall(stall);
                backward.stall(stall);
            }
        }

        void inboundClosed() {
            inboundOpen = false;
            forgetIfDone();
        }

        void close() {
            closing = true;
            inbound.close();
            if (outbound != null) {
                outbound.close();
            }
        }

        private void forgetIfDone() {
            if (inboundOpen || outboundOpen || dialing || !connections.remove(this)) {
                return;
            }
            if (forward != null) {
                bytesForwardClosed += forward.bytes();
                bytesBackwardClosed += backward.bytes();
            }
        }
    }
}
