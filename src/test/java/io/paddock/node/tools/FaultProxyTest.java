package io.paddock.node.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy in this JVM between plain TCP endpoints on 127.0.0.1: each "node" is a
 * listening socket (its peer port), and a test connection from node i to node j goes through
 * link i-j. Every byte sent is a position-dependent pattern, so the receiver checks order and
 * completeness, not just counts. Stalls are proved from the sender's side: a non-blocking writer
 * whose socket stays full for a whole poll interval while the other end keeps reading.
 */
class FaultProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<Integer, ServerSocketChannel> nodes = new TreeMap<>();
    private final CountDownLatch quit = new CountDownLatch(1);
    private Vertx vertx;
    private FaultProxy proxy;

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        for (ServerSocketChannel server : nodes.values()) {
            server.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bytesFlowBothWaysAndStatusCountsThem() throws Exception {
        startProxy(2);
        Pair pair = connect(1, 2, true, true);
        pair.near.send(100_000);
        pair.far.send(50_000);
        await().atMost(WAIT).until(() -> pair.far.received() == 100_000 && pair.near.received() == 50_000);
        pair.assertInOrder();
        assertThat(command("status")).contains("1-2 open connections=1 bytes=150000 forward=100000 backward=50000",
                "2-1 open connections=0 bytes=0", "ok 2 link(s), 0 stalled");
    }

    @Test
    void stallStopsEveryConnectionOfTheLinkBothWaysAndOpenDeliversEverythingInOrder() throws Exception {
        startProxy(2);
        Pair forward = connect(1, 2, false, true);
        Pair backward = connect(1, 2, true, false);
        forward.near.fill();
        backward.far.fill();
        await().atMost(WAIT).until(() -> forward.far.received() == forward.near.sent()
                && backward.near.received() == backward.far.sent());
        long forwardBefore = forward.far.received();
        long backwardBefore = backward.near.received();

        assertThat(command("stall 1 2")).isEqualTo("ok 1-2 stalled");
        // Each writer fills its socket; the condition holds once a whole poll interval passed with
        // no room made, although the other end reads all the time: the proxy stopped reading.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> forward.near.fill() == 0 & backward.far.fill() == 0);
        assertThat(forward.far.received()).as("bytes through a stalled link, 1 to 2").isEqualTo(forwardBefore);
        assertThat(backward.near.received()).as("bytes through a stalled link, 2 to 1").isEqualTo(backwardBefore);
        assertThat(forward.near.sent()).isGreaterThan(forwardBefore + 64 * 1024);
        assertThat(command("status")).contains("1-2 stalled connections=2 bytes=" + (forwardBefore + backwardBefore));

        assertThat(command("open 1 2")).isEqualTo("ok 1-2 open");
        await().atMost(WAIT).until(() -> forward.far.received() == forward.near.sent()
                && backward.near.received() == backward.far.sent());
        forward.assertInOrder();
        backward.assertInOrder();
        assertThat(command("open 1 2")).isEqualTo("ok 1-2 open (was already open)");
    }

    @Test
    void aConnectionMadeWhileStalledReachesTheTargetOnlyWhenTheLinkOpens() throws Exception {
        startProxy(2);
        assertThat(command("stall 1 2")).isEqualTo("ok 1-2 stalled");
        End near = end(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.listenPort("1-2"))), true);
        near.send(5000);
        await().atMost(WAIT).until(() -> command("status").contains("1-2 stalled connections=1"));
        assertThat(nodes.get(2).accept()).as("a connection the target saw while the link was stalled").isNull();

        assertThat(command("open 1 2")).isEqualTo("ok 1-2 open");
        End far = end(accept(2), true);
        far.send(300);
        await().atMost(WAIT).until(() -> far.received() == 5000 && near.received() == 300);
        assertThat(far.firstBadOffset()).isEqualTo(-1);
        assertThat(near.firstBadOffset()).isEqualTo(-1);
    }

    @Test
    void stallingOneDirectionLeavesTheOtherFlowing() throws Exception {
        startProxy(2);
        Pair oneToTwo = connect(1, 2, true, true);
        Pair twoToOne = connect(2, 1, true, true);
        assertThat(command("stall 1 2")).isEqualTo("ok 1-2 stalled");
        oneToTwo.near.send(1000);
        twoToOne.near.send(20_000);
        twoToOne.far.send(20_000);
        await().atMost(WAIT).until(() -> twoToOne.far.received() == 20_000 && twoToOne.near.received() == 20_000);
        twoToOne.assertInOrder();
        assertThat(oneToTwo.far.received()).isZero();
        assertThat(command("status")).contains("1-2 stalled connections=1", "2-1 open connections=1 bytes=40000");

        assertThat(command("heal")).isEqualTo("ok healed: 1 stalled link(s) opened, all 2 open");
        await().atMost(WAIT).until(() -> oneToTwo.far.received() == 1000);
        oneToTwo.assertInOrder();
    }

    @Test
    void aConnectionToATargetThatIsDownIsClosedAndTheLinkWorksOnceItIsBack() throws Exception {
        startProxy(2);
        InetSocketAddress address = (InetSocketAddress) nodes.get(2).getLocalAddress();
        nodes.get(2).close();
        End refused = end(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.listenPort("1-2"))), true);
        await().atMost(WAIT).until(refused::eof);
        await().atMost(WAIT).until(() -> command("status").contains("1-2 open connections=0"));

        ServerSocketChannel back = ServerSocketChannel.open();
        back.bind(address);
        back.configureBlocking(false);
        nodes.put(2, back);
        Pair pair = connect(1, 2, true, true);
        pair.near.send(1000);
        await().atMost(WAIT).until(() -> pair.far.received() == 1000);
        pair.assertInOrder();
    }

    @Test
    void resetClosesEveryConnectionOfTheLinkAndTheLinkStillWorksAfterwards() throws Exception {
        startProxy(2);
        Pair first = connect(1, 2, true, true);
        Pair second = connect(1, 2, true, true);
        Pair other = connect(2, 1, true, true);
        assertThat(command("reset 1 2")).isEqualTo("ok 1-2 reset, 2 connection(s) closed");
        await().atMost(WAIT).until(() -> first.near.eof() && first.far.eof() && second.near.eof() && second.far.eof());
        await().atMost(WAIT).until(() -> command("status").contains("1-2 open connections=0"));

        other.near.send(1000);
        await().atMost(WAIT).until(() -> other.far.received() == 1000);
        assertThat(other.near.eof()).isFalse();
        Pair again = connect(1, 2, true, true);
        again.near.send(1000);
        await().atMost(WAIT).until(() -> again.far.received() == 1000);
        again.assertInOrder();
    }

    @Test
    void partitionStallsEveryLinkAcrossTheCutBothWaysAndHealOpensThemAll() throws Exception {
        startProxy(3);
        Pair cut = connect(3, 1, true, true);
        Pair kept = connect(2, 3, true, true);
        assertThat(command("partition 1")).isEqualTo("ok partitioned 1 from the other nodes: stalled 1-2 1-3 2-1 3-1");
        assertThat(command("status")).contains("1-2 stalled", "1-3 stalled", "2-1 stalled", "3-1 stalled",
                "2-3 open", "3-2 open", "ok 6 link(s), 4 stalled");
        cut.near.send(2000);
        kept.near.send(2000);
        kept.far.send(2000);
        await().atMost(WAIT).until(() -> kept.far.received() == 2000 && kept.near.received() == 2000);
        assertThat(cut.far.received()).isZero();

        // Partitions add up: cutting 2 off as well leaves every node alone.
        assertThat(command("partition 2")).isEqualTo("ok partitioned 2 from the other nodes: stalled 1-2 2-1 2-3 3-2");
        assertThat(command("status")).contains("ok 6 link(s), 6 stalled");
        assertThat(command("heal")).isEqualTo("ok healed: 6 stalled link(s) opened, all 6 open");
        await().atMost(WAIT).until(() -> cut.far.received() == 2000);
        cut.assertInOrder();
        kept.assertInOrder();
    }

    @Test
    void badCommandsGetAnErrorAndChangeNothing() throws Exception {
        startProxy(3);
        for (String bad : List.of("", "bogus", "stall", "stall 1", "stall 1 x", "stall 1 9", "stall 1 1",
                "open 1 2 3", "reset", "partition", "partition 1 2 3", "partition 4", "partition one",
                "heal now", "status all", "quit please", "STALL 1 2")) {
            assertThat(command(bad)).as("reply to '%s'", bad).startsWith("error ");
        }
        for (String overlong : List.of("stall " + "1".repeat(2000) + "\nstall 1 2\n", "x".repeat(5000))) {
            try (Socket socket = controlSocket()) {
                socket.getOutputStream().write(overlong.getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = reader(socket);
                assertThat(in.readLine()).startsWith("error command line longer than 1024 bytes");
                assertThat(in.readLine()).as("the connection is closed after an overlong line").isNull();
            }
        }
        assertThat(command("status")).contains("ok 6 link(s), 0 stalled");
        Pair pair = connect(1, 3, true, true);
        pair.near.send(100);
        await().atMost(WAIT).until(() -> pair.far.received() == 100);
    }

    @Test
    void severalCommandsOnOneConnectionAndQuit() throws Exception {
        startProxy(2);
        try (Socket socket = controlSocket()) {
            OutputStream out = socket.getOutputStream();
            out.write("stall 2 1\r\nstatus\nquit\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).isEqualTo("ok 2-1 stalled");
            assertThat(in.readLine()).startsWith("1-2 open");
            assertThat(in.readLine()).startsWith("2-1 stalled");
            assertThat(in.readLine()).isEqualTo("ok 2 link(s), 1 stalled");
            assertThat(in.readLine()).isEqualTo("ok quitting");
        }
        assertThat(quit.await(10, TimeUnit.SECONDS)).as("the quit callback ran").isTrue();
    }

    // ---- the set-up: a proxy with every ordered link between nodes 1..n ----

    private void startProxy(int nodeCount) throws Exception {
        List<LinkSpec> links = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            nodes.put(i, server);
        }
        for (int from = 1; from <= nodeCount; from++) {
            for (int to = 1; to <= nodeCount; to++) {
                if (from != to) {
                    int port = ((InetSocketAddress) nodes.get(to).getLocalAddress()).getPort();
                    links.add(new LinkSpec(from, to, 0, "127.0.0.1", port));
                }
            }
        }
        vertx = Vertx.vertx();
        proxy = new FaultProxy(links, 0, quit::countDown);
        vertx.deployVerticle(proxy).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A connection from node {@code from} through link from-to to node {@code to}'s listening socket. */
    private Pair connect(int from, int to, boolean nearReads, boolean farReads) throws IOException {
        SocketChannel near = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.listenPort(LinkSpec.name(from, to))));
        End nearEnd = end(near, nearReads);
        return new Pair(nearEnd, end(accept(to), farReads));
    }

    private SocketChannel accept(int node) {
        AtomicReference<SocketChannel> accepted = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            accepted.set(nodes.get(node).accept());
            return accepted.get() != null;
        });
        return accepted.get();
    }

    private End end(SocketChannel channel, boolean reads) throws IOException {
        End end = new End(channel, reads);
        open.add(end);
        return end;
    }

    private Socket controlSocket() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.controlPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one control command on a new connection; returns the reply lines up to the ok/error one. */
    private String command(String line) {
        try (Socket socket = controlSocket()) {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = reader(socket);
            StringBuilder reply = new StringBuilder();
            for (String got = in.readLine(); got != null; got = in.readLine()) {
                reply.append(reply.length() == 0 ? "" : "\n").append(got);
                if (got.startsWith("ok") || got.startsWith("error")) {
                    return reply.toString();
                }
            }
            throw new IllegalStateException("control connection closed after: " + reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The two ends of one proxied connection: node i's side (near) and node j's side (far). */
    private record Pair(End near, End far) {
        void assertInOrder() {
            assertThat(near.firstBadOffset()).as("first out-of-pattern byte at node i's end").isEqualTo(-1);
            assertThat(far.firstBadOffset()).as("first out-of-pattern byte at node j's end").isEqualTo(-1);
        }
    }

    /**
     * One end of a test connection. A reading end has a daemon thread that reads until end of
     * stream and checks every byte against the pattern; a writing-only end is non-blocking, so
     * {@link #fill()} shows when its socket buffer stays full. Writes come from the test thread.
     */
    private static final class End implements AutoCloseable {
        private static final int CHUNK = 64 * 1024;
        private static final long FILL_MAX = 128L * 1024 * 1024;
        private final SocketChannel channel;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong firstBadOffset = new AtomicLong(-1);
        private volatile boolean eof;
        private long sent;

        End(SocketChannel channel, boolean reads) throws IOException {
            this.channel = channel;
            if (reads) {
                Thread reader = new Thread(this::read, "fault-proxy-test-reader");
                reader.setDaemon(true);
                reader.start();
            } else {
                channel.configureBlocking(false);
            }
        }

        long received() {
            return received.get();
        }

        long sent() {
            return sent;
        }

        long firstBadOffset() {
            return firstBadOffset.get();
        }

        boolean eof() {
            return eof;
        }

        /** Writes the next {@code count} pattern bytes, blocking until the kernel took them all. */
        void send(int count) throws IOException {
            ByteBuffer buffer = pattern(sent, count);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            sent += count;
        }

        /** Writes pattern bytes without blocking until the socket takes no more; returns how many it took. */
        long fill() throws IOException {
            long took = 0;
            while (took < 4 * 1024 * 1024) {
                ByteBuffer buffer = pattern(sent, CHUNK);
                int written = channel.write(buffer);
                sent += written;
                took += written;
                if (written < CHUNK) {
                    break;
                }
            }
            if (sent > FILL_MAX) {
                throw new AssertionError("the socket took " + sent + " bytes and is still not full");
            }
            return took;
        }

        private void read() {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            try {
                while (channel.read(buffer.clear()) >= 0) {
                    long offset = received.get();
                    buffer.flip();
                    for (int i = 0; buffer.hasRemaining(); i++) {
                        if (buffer.get() != pattern(offset + i) && firstBadOffset.get() < 0) {
                            firstBadOffset.set(offset + i);
                        }
                    }
                    received.addAndGet(buffer.limit());
                }
            } catch (IOException e) {
                // A reset or our own close: the end of this stream either way.
            }
            eof = true;
        }

        static ByteBuffer pattern(long from, int count) {
            ByteBuffer buffer = ByteBuffer.allocate(count);
            for (int i = 0; i < count; i++) {
                buffer.put(pattern(from + i));
            }
            return buffer.flip();
        }

        /** A byte that depends on its position in the stream, with no short period. */
        static byte pattern(long offset) {
            long x = (offset + 1) * 0x9E3779B97F4A7C15L;
            return (byte) (x >>> 56 ^ x >>> 23);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
