package io.paddock.cli;

import io.paddock.model.ConnectRequest;
import io.paddock.model.ConnectResponse;
import io.paddock.model.EventType;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.wire.jute.ClientCodec;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.jute.MalformedFrameException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One TCP connection and ZooKeeper session to one server, speaking the client protocol through
 * {@link ClientCodec}: the handshake, request frames with increasing xids, replies matched to
 * their request by xid, pings at a third of the negotiated session timeout, watch
 * notifications handed to a sink, and closeSession on {@link #close()}.
 *
 * <p>Threads: any caller thread may send a request and block for its reply (writes are
 * serialised on {@code writeLock}); the reader thread {@code paddock-cli-reader} reads every
 * frame, completes the waiting caller and runs the watch sink; the pinger thread
 * {@code paddock-cli-ping} sends pings. Both are daemons and end when the connection does.
 *
 * <p>Invariants: once {@code lost} is set it never changes back; every request registered in
 * {@code pending} is completed (by its reply or by the loss) or removed by its caller. The
 * reader gives up when nothing arrives for two thirds of the session timeout, as ZooKeeper's
 * client does, so a dead server is noticed even while no command runs.
 */
final class ZkConnection implements AutoCloseable {
    /** ZooKeeper's special xids: notifications, ping replies, auth replies. */
    static final int PING_XID = -2;
    static final int AUTH_XID = -4;

    /** The largest frame accepted from the server: far above jute.maxbuffer, far below the heap. */
    static final int FRAME_BYTES_MAX = 16 << 20;

    private static final int CLOSE_WAIT_MS_MAX = 2000;
    private static final int PASSWORD_BYTES = 16;

    /** The session a new connection asks to resume (id 0: a new session). */
    record Session(long id, byte[] passwd, long lastZxid) {
        static final Session NEW = new Session(0, new byte[PASSWORD_BYTES], 0);
    }

    private record Pending(int opcode, CompletableFuture<ClientCodec.Reply> reply) {}

    private final ServerAddress server;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long sessionId;
    private final byte[] passwd;
    private final int sessionTimeoutMs;
    private final AtomicInteger nextXid = new AtomicInteger(1);
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Reused for every frame; guarded by {@code writeLock}. */
    private final JuteWriter writer = new JuteWriter();
    private final Thread reader;
    private final ScheduledExecutorService pinger;
    private final Object authLock = new Object();

    private volatile Consumer<ClientCodec.Notification> watchSink = n -> { };
    private volatile String lost;
    private volatile long lastZxid;

    private ZkConnection(ServerAddress server, Socket socket, ConnectResponse handshake, long lastZxid)
            throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.sessionId = handshake.sessionId();
        this.passwd = handshake.passwd();
        this.sessionTimeoutMs = handshake.timeoutMs();
        this.lastZxid = lastZxid;
        socket.setSoTimeout(Math.max(1, sessionTimeoutMs * 2 / 3));
        reader = new Thread(this::readLoop, "paddock-cli-reader");
        reader.setDaemon(true);
        pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paddock-cli-ping");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to the first server of {@code servers} that answers the handshake, trying them in
     * order. A session that cannot be resumed (the server answers timeout 0: expired) is
     * replaced by a new one on the same server; the caller sees it from {@link #sessionId()}.
     */
    static ZkConnection open(List<ServerAddress> servers, int sessionTimeoutMs, int connectTimeoutMs, Session resume)
            throws ConnectionException {
        List<String> failures = new ArrayList<>();
        for (ServerAddress server : servers) {
            try {
                ZkConnection c = handshake(server, sessionTimeoutMs, connectTimeoutMs, resume);
                if (c == null) {
                    c = handshake(server, sessionTimeoutMs, connectTimeoutMs, Session.NEW);
                }
                if (c != null) {
                    c.start();
                    return c;
                }
                failures.add(server + ": the server refused a new session");
            } catch (IOException | MalformedFrameException e) {
                failures.add(server + ": " + reason(e));
            }
        }
        throw new ConnectionException("cannot connect to " + String.join("; ", failures));
    }

    /** One handshake; null when the server says the session to resume has expired. */
    private static ZkConnection handshake(ServerAddress server, int sessionTimeoutMs, int connectTimeoutMs,
                                          Session resume) throws IOException, MalformedFrameException {
        Socket socket = new Socket();
        boolean ok = false;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), connectTimeoutMs);
            socket.setSoTimeout(connectTimeoutMs);
            JuteWriter w = new JuteWriter();
            ClientCodec.encodeConnect(w, new ConnectRequest(0, resume.lastZxid(), sessionTimeoutMs, resume.id(),
                    resume.passwd(), false, true));
            socket.getOutputStream().write(w.array(), 0, w.size());
            socket.getOutputStream().flush();
            byte[] frame = readFrame(new DataInputStream(socket.getInputStream()));
            ConnectResponse response = ClientCodec.decodeConnectResponse(ByteBuffer.wrap(frame), FRAME_BYTES_MAX);
            if (response.timeoutMs() <= 0) {
                return null;
            }
            ZkConnection c = new ZkConnection(server, socket, response, resume.lastZxid());
            ok = true;
            return c;
        } finally {
            if (!ok) {
                socket.close();
            }
        }
    }

    private void start() {
        reader.start();
        long pingMs = Math.max(1, sessionTimeoutMs / 3);
        pinger.scheduleAtFixedRate(this::ping, pingMs, pingMs, TimeUnit.MILLISECONDS);
    }

    ServerAddress server() {
        return server;
    }

    long sessionId() {
        return sessionId;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    /** What a later connection needs to resume this session. */
    Session session() {
        return new Session(sessionId, passwd.clone(), lastZxid);
    }

    /** Null while the connection is up, else why it ended. */
    String lostReason() {
        return lost;
    }

    /** Sets where notifications go and returns the previous sink; the sink runs on the reader thread. */
    Consumer<ClientCodec.Notification> watchSink(Consumer<ClientCodec.Notification> sink) {
        Consumer<ClientCodec.Notification> previous = watchSink;
        watchSink = sink;
        return previous;
    }

    /**
     * Sends {@code request} and waits for its reply, at most the session timeout (the server
     * answers every request well within it, or the session is as good as gone).
     */
    ClientCodec.Reply call(Request request) throws ConnectionException, InterruptedException {
        return exchange(nextXid.getAndIncrement(), request);
    }

    /** Sends an auth packet (xid -4); one at a time, since the reply names no request. */
    ClientCodec.Reply auth(Request.Auth request) throws ConnectionException, InterruptedException {
        synchronized (authLock) {
            return exchange(AUTH_XID, request);
        }
    }

    private ClientCodec.Reply exchange(int xid, Request request) throws ConnectionException, InterruptedException {
        Pending p = new Pending(request.opcode(), new CompletableFuture<>());
        pending.put(xid, p);
        try {
            // Registered before the loss check, so that markLost either sees it or we see lost.
            if (lost != null) {
                throw lostException();
            }
            send(xid, request);
            return p.reply().get(sessionTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw lostException();
        } catch (TimeoutException e) {
            markLost("no reply to " + OpCode.name(request.opcode()) + " within " + sessionTimeoutMs + " ms");
            throw lostException();
        } finally {
            pending.remove(xid);
        }
    }

    private void send(int xid, Request request) throws ConnectionException {
        try {
            synchronized (writeLock) {
                writer.reset(64 << 10);
                ClientCodec.encodeRequest(writer, xid, request);
                out.write(writer.array(), 0, writer.size());
                out.flush();
            }
        } catch (IOException e) {
            markLost(reason(e));
            throw lostException();
        }
    }

    private ConnectionException lostException() {
        return new ConnectionException("connection to " + server + " lost: " + lost);
    }

    private void ping() {
        if (lost != null) {
            return;
        }
        try {
            send(PING_XID, new Request.Ping());
        } catch (ConnectionException e) {
            // markLost has run; the reader and the next command report it.
        }
    }

    private void readLoop() {
        try {
            while (lost == null) {
                dispatch(ByteBuffer.wrap(readFrame(in)));
            }
        } catch (SocketTimeoutException e) {
            markLost("no data from the server within " + socketTimeoutMs() + " ms");
        } catch (IOException | MalformedFrameException e) {
            markLost(reason(e));
        }
    }

    private int socketTimeoutMs() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return sessionTimeoutMs * 2 / 3;
        }
    }

    private void dispatch(ByteBuffer frame) throws MalformedFrameException {
        int xid = ClientCodec.replyXid(frame);
        if (xid == ClientCodec.NOTIFICATION_XID) {
            watchSink.accept(ClientCodec.decodeNotification(frame, FRAME_BYTES_MAX));
            return;
        }
        if (xid == PING_XID) {
            return;
        }
        Pending p = pending.get(xid);
        if (p == null) {
            return; // its caller gave up waiting (interrupted); nothing is left to tell
        }
        ClientCodec.Reply reply = ClientCodec.decodeReply(frame, p.opcode(), FRAME_BYTES_MAX);
        if (reply.zxid() > lastZxid) {
            lastZxid = reply.zxid();
        }
        p.reply().complete(reply);
    }

    /** Reads one length-prefixed frame; the length is checked before anything is allocated. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > FRAME_BYTES_MAX) {
            throw new IOException("the server sent a frame length of " + length + " bytes");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /**
     * Ends the connection once: later requests fail with {@code reason}, waiting callers wake
     * up, and the watch sink hears a Disconnected event (type None, state 0) as ZooKeeper's
     * watchers do.
     */
    private void markLost(String reason) {
        synchronized (this) {
            if (lost != null) {
                return;
            }
            lost = reason;
        }
        pinger.shutdown();
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that is already broken can fail; it is closed either way.
        }
        pending.values().forEach(p -> p.reply().completeExceptionally(new IOException(reason)));
        watchSink.accept(new ClientCodec.Notification(-1, EventType.NONE, 0, null));
    }

    /** Closes the session (closeSession, waiting briefly for its reply), then the socket. */
    @Override
    public void close() {
        // Silenced first: the server closes its end after the reply, and that is no news.
        watchSink = n -> { };
        if (lost == null) {
            try {
                Pending p = new Pending(OpCode.CLOSE_SESSION, new CompletableFuture<>());
                int xid = nextXid.getAndIncrement();
                pending.put(xid, p);
                send(xid, new Request.CloseSession());
                p.reply().get(Math.min(CLOSE_WAIT_MS_MAX, sessionTimeoutMs), TimeUnit.MILLISECONDS);
            } catch (ConnectionException | ExecutionException | TimeoutException e) {
                // The server drops the session by itself when its timeout passes.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        markLost("closed");
        try {
            reader.join(CLOSE_WAIT_MS_MAX);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A short reason for a failed connect or read: the exception's message, or its kind. */
    static String reason(Exception e) {
        if (e instanceof EOFException) {
            return "the server closed the connection";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
