package io.paddock.node.tools;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting TCP proxy for every peer link of a local ensemble: one listening port per
 * link ({@link ProxyLink}) on 127.0.0.1, and a line-based control port on 127.0.0.1 that stalls,
 * opens and resets links ({@link ProxyControl}). Because a node sends to peer j only on the
 * connection it dialed to j, a link per ordered pair i-j carries exactly the traffic from i to j,
 * and stalling it is a one-way partition.
 *
 * <p>A verticle: the servers, the client, every socket and all state live on its one event-loop
 * context, so nothing here is shared between threads. The ports actually bound (useful when a
 * spec asks for port 0) are published, thread-safely, before the start future completes; the
 * quit callback runs on the event loop after the "ok" of a {@code quit} has been written.
 */
public final class FaultProxy extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    static final String HOST = "127.0.0.1";
    static final int CONNECT_TIMEOUT_MS = 2000;
    static final int CONTROL_LINE_LENGTH_MAX = 1024;

    private final List<LinkSpec> specs;
    private final int controlPortRequested;
    private final Runnable onQuit;
    private final Map<String, Integer> boundPorts = new ConcurrentHashMap<>();
    private volatile int controlPort;
    private ProxyControl control;

    /**
     * @param specs the links, each with its own listen port (0 = any free port)
     * @param controlPort the control port on 127.0.0.1 (0 = any free port)
     * @param onQuit run on the event loop once a {@code quit} command has been answered
     */
    public FaultProxy(List<LinkSpec> specs, int controlPort, Runnable onQuit) {
        this.specs = List.copyOf(specs);
        this.controlPortRequested = controlPort;
        this.onQuit = onQuit;
    }

    /** The port link {@code name} ("1-2") listens on, once started. */
    public int listenPort(String name) {
        Integer port = boundPorts.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no started link " + name);
        }
        return port;
    }

    /** The control port, once started. */
    public int controlPort() {
        return controlPort;
    }

    @Override
    public Future<?> start() {
        NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
        Map<String, ProxyLink> links = new LinkedHashMap<>();
        List<Future<?>> listening = new ArrayList<>();
        for (LinkSpec spec : specs) {
            ProxyLink link = new ProxyLink(spec, client);
            links.put(spec.name(), link);
            NetServer server = vertx.createNetServer(new NetServerOptions());
            server.connectHandler(link::accept);
            listening.add(listen(server, spec.listenPort(), "link " + spec.name())
                    .onSuccess(port -> boundPorts.put(spec.name(), port)));
        }
        control = new ProxyControl(links);
        NetServer controlServer = vertx.createNetServer(new NetServerOptions());
        controlServer.connectHandler(this::serveControl);
        listening.add(listen(controlServer, controlPortRequested, "the control port").onSuccess(port -> controlPort = port));
        return Future.all(listening).onSuccess(ignored -> LOG.info("fault proxy: {} link(s) {}, control on {}:{}",
                links.size(), String.join(" ", links.keySet()), HOST, controlPort));
    }

    private static Future<Integer> listen(NetServer server, int port, String what) {
        return server.listen(port, HOST).map(NetServer::actualPort).recover(cause -> Future.failedFuture(
                new IllegalStateException(what + ": cannot listen on " + HOST + ":" + port + ": " + cause.getMessage(), cause)));
    }

    /** One control connection: any number of commands, one reply (ending in an ok/error line) each. */
    private void serveControl(NetSocket socket) {
        new ControlSession(socket);
    }

    /** A control connection's reading and replies; on the event loop, like everything here. */
    private final class ControlSession {
        private final NetSocket socket;
        private final RecordParser lines;
        private boolean dropped;

        ControlSession(NetSocket socket) {
            this.socket = socket;
            this.lines = RecordParser.newDelimited("\n", socket);
            // The parser fails a line still without its newline past the limit (and again for
            // every later chunk); a longer line that came whole is caught in onLine.
            lines.maxRecordSize(CONTROL_LINE_LENGTH_MAX);
            lines.exceptionHandler(cause -> drop());
            lines.handler(this::onLine);
        }

        private void onLine(Buffer line) {
            if (dropped) {
                return;
            }
            if (line.length() > CONTROL_LINE_LENGTH_MAX) {
                drop();
                return;
            }
            String reply = control.execute(line.toString(StandardCharsets.UTF_8));
            Future<Void> written = socket.write(reply + "\n");
            if (control.quitRequested()) {
                written.onComplete(ignored -> onQuit.run());
            }
        }

        /** Answers an overlong line once and closes the connection. */
        private void drop() {
            if (!dropped) {
                dropped = true;
                socket.write("error command line longer than " + CONTROL_LINE_LENGTH_MAX + " bytes\n")
                        .onComplete(ignored -> socket.close());
            }
        }
    }
}
