package io.paddock.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy to a node's client port that a test can cut (every open connection
 * closed, new ones closed on accept) and restore, so a client loses its connection for exactly
 * as long as the test wants while other clients talk to the node directly. Threads are
 * daemons and end when their sockets close; {@link #close()} closes everything.
 */
final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean cut;

    CutProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cut-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String connectString() {
        return "127.0.0.1:" + port();
    }

    /** Closes every proxied connection and refuses new ones until {@link #restore()}. */
    synchronized void cut() {
        cut = true;
        closeOpen();
    }

    synchronized void restore() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!register(client)) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                if (!register(upstream)) {
                    client.close();
                    upstream.close();
                    continue;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // The server socket closed, or one connection failed: the loop condition decides.
            }
        }
    }

    private synchronized boolean register(Socket socket) {
        if (cut) {
            return false;
        }
        open.add(socket);
        return true;
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed: close both below.
            } finally {
                quietClose(from);
                quietClose(to);
            }
        }, "cut-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void closeOpen() {
        open.forEach(CutProxy::quietClose);
        open.clear();
    }

    private static void quietClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut = true;
        server.close();
        closeOpen();
    }
}
