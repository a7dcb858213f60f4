package io.paddock.cli;

import io.paddock.wire.jute.ClientCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cli's session with the ensemble of {@code --server}: connects on first use, reconnects
 * after a lost connection (resuming the same session, so ephemerals survive; a new one if it
 * expired, with a notice), and re-sends every identity added with {@code --auth} or
 * {@code addauth} on each new connection, as ZooKeeper's client re-sends its auth info.
 *
 * <p>Thread: the thread running commands (the shell's or the one-shot command's); methods are
 * synchronized because the shell's completer may ask for the client as well. Invariant:
 * {@code current} is null or the newest connection; {@code auths} holds only identities the
 * server accepted once.
 */
final class Connector implements AutoCloseable {
    /** One identity to add to the session: {@code addauth scheme auth}. */
    record Auth(String scheme, String auth) {}

    private final List<ServerAddress> servers;
    private final int sessionTimeoutMs;
    private final int connectTimeoutMs;
    private final List<Auth> auths = new ArrayList<>();
    private final Consumer<String> notices;
    private Consumer<ClientCodec.Notification> watchSink = n -> { };
    private ZkConnection current;
    private ZkConnection.Session resume = ZkConnection.Session.NEW;

    /**
     * @param initialAuths identities from {@code --auth}, sent after every connect
     * @param notices where reconnect and session-expiry notices go (the user's stderr)
     */
    Connector(List<ServerAddress> servers, int sessionTimeoutMs, int connectTimeoutMs, List<Auth> initialAuths,
              Consumer<String> notices) {
        if (servers.isEmpty()) {
            throw new IllegalStateException("no server to connect to");
        }
        this.servers = List.copyOf(servers);
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.auths.addAll(initialAuths);
        this.notices = notices;
    }

    List<ServerAddress> servers() {
        return servers;
    }

    /** The connected client, connecting (or reconnecting) first when there is none. */
    synchronized ZkClient client() throws ConnectionException, ZkException, InterruptedException {
        if (current != null && current.lostReason() == null) {
            return new ZkClient(current);
        }
        boolean reconnect = current != null;
        if (reconnect) {
            resume = current.session();
        }
        ZkConnection c = ZkConnection.open(servers, sessionTimeoutMs, connectTimeoutMs, resume);
        if (resume.id() != 0 && c.sessionId() != resume.id()) {
            notices.accept("session 0x" + Long.toHexString(resume.id()) + " had expired; new session 0x"
                    + Long.toHexString(c.sessionId()) + " (its watches and ephemerals are gone)");
        } else if (reconnect) {
            notices.accept("reconnected to " + c.server() + ", session 0x" + Long.toHexString(c.sessionId()));
        }
        c.watchSink(watchSink);
        current = c;
        ZkClient client = new ZkClient(c);
        for (Auth a : auths) {
            client.auth(a.scheme(), a.auth());
        }
        return client;
    }

    /** The connection if there is one that is up, without connecting; else null. */
    synchronized ZkConnection connectionIfUp() {
        return current != null && current.lostReason() == null ? current : null;
    }

    /** {@code addauth}: adds the identity now and after every reconnect. */
    synchronized void addAuth(String scheme, String auth) throws ConnectionException, ZkException,
            InterruptedException {
        client().auth(scheme, auth);
        auths.add(new Auth(scheme, auth));
    }

    /** Sets where watch notifications go (now and on later connections); returns the previous sink. */
    synchronized Consumer<ClientCodec.Notification> watchSink(Consumer<ClientCodec.Notification> sink) {
        Consumer<ClientCodec.Notification> previous = watchSink;
        watchSink = sink;
        if (current != null) {
            current.watchSink(sink);
        }
        return previous;
    }

    /** Closes the session, if one is open. */
    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
