package io.paddock.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Acl;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import io.paddock.node.tools.FaultProxy;
import io.paddock.node.tools.LinkSpec;
import io.paddock.tree.DataTree;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.peer.PeerFrame;
import io.paddock.wire.peer.PeerFrames;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PeerTransport} between real nodes in this JVM (each its own Vert.x with one event loop)
 * on 127.0.0.1, with raw sockets playing peers that misbehave, and the {@link FaultProxy} on a
 * link. Messages carry a sequence number (a heartbeat's seq, an append's commitZxid), so every
 * check is of order and completeness, not only of counts.
 */
class PeerTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";
    private static final long BOUND = 16L << 20;

    private static final int SNAPSHOT_TIMEOUT_MS = 10_000;

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Awaitility polling often: the conditions here turn true within milliseconds. */
    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    // ---- set-up ------------------------------------------------------------------------------

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node {@code self}'s view of the ensemble: {@code ports} gives the peer port it uses for each member. */
    private static ClusterSettings cluster(int self, Map<Integer, Integer> ports, long bytesMax, int snapshotTimeoutMs) {
        List<ClusterSettings.Peer> members = new ArrayList<>();
        ports.forEach((id, port) -> members.add(new ClusterSettings.Peer(id, HOST, port, 0, false)));
        return new ClusterSettings(self, members, 50, 400, 2000, 1000, 1L << 20, bytesMax, snapshotTimeoutMs);
    }

    private PeerTestNode node(int self, Map<Integer, Integer> ports, long bytesMax) {
        return node(self, ports, bytesMax, SNAPSHOT_TIMEOUT_MS);
    }

    private PeerTestNode node(int self, Map<Integer, Integer> ports, long bytesMax, int snapshotTimeoutMs) {
        PeerTestNode node = new PeerTestNode(cluster(self, ports, bytesMax, snapshotTimeoutMs));
        open.add(node);
        return node.start();
    }

    /** {@code count} nodes 1..count that all see each other directly, connected both ways. */
    private List<PeerTestNode> ensemble(int count) {
        Map<Integer, Integer> ports = new TreeMap<>();
        for (int id = 1; id <= count; id++) {
            ports.put(id, freePort());
        }
        List<PeerTestNode> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            nodes.add(node(id, ports, BOUND));
        }
        for (PeerTestNode a : nodes) {
            for (PeerTestNode b : nodes) {
                if (a != b) {
                    await().atMost(WAIT).until(() -> a.connected(b.id));
                }
            }
        }
        return nodes;
    }

    private static List<PeerMessage> heartbeats(int from, int to, long firstSeq, int count) {
        List<PeerMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new PeerMessage.Heartbeat(from, to, 1, 0, firstSeq + i));
        }
        return messages;
    }

    /** An append of one setData of {@code dataBytes} bytes, numbered by its commitZxid. */
    private static PeerMessage append(int from, int to, long seq, int dataBytes) {
        TxnEntry entry = new TxnEntry(Zxid.of(1, seq + 1), 0x55, (int) seq, 1000, new Txn.SetData("/x",
                new byte[dataBytes], (int) seq));
        return new PeerMessage.Append(from, to, 1, Zxid.of(1, seq), List.of(entry), seq);
    }

    private static long seqOf(PeerMessage message) {
        if (message instanceof PeerMessage.Heartbeat h) {
            return h.seq();
        }
        return ((PeerMessage.Append) message).commitZxid();
    }

    private static List<Long> seqs(List<PeerMessage> messages) {
        return messages.stream().map(PeerTransportTest::seqOf).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    // ---- delivery ----------------------------------------------------------------------------

    @Test
    void messagesArriveInOrderWithTheSendersIdInBatches() {
        List<PeerTestNode> nodes = ensemble(3);
        for (int round = 0; round < 10; round++) {
            for (PeerTestNode sender : nodes) {
                List<PeerMessage> batch = new ArrayList<>();
                for (PeerTestNode receiver : nodes) {
                    if (receiver != sender) {
                        batch.addAll(heartbeats(sender.id, receiver.id, round * 200L, 100));
                        for (int i = 100; i < 200; i++) {
                            batch.add(append(sender.id, receiver.id, round * 200L + i, 64));
                        }
                    }
                }
                sender.send(batch);
            }
        }
        for (PeerTestNode receiver : nodes) {
            for (PeerTestNode sender : nodes) {
                if (sender != receiver) {
                    await().atMost(WAIT).until(() -> receiver.receivedFrom(sender.id).size() == 2000);
                    assertThat(seqs(receiver.receivedFrom(sender.id))).isEqualTo(range(0, 2000));
                }
            }
            assertThat(receiver.received()).allMatch(m -> m.to() == receiver.id && m.epoch() == 1);
            // Each socket read becomes one call: a burst of thousands of messages comes in a few large batches.
            assertThat(receiver.batchSizes().stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
            assertThat(receiver.batchSizes().size()).isLessThan(receiver.received().size());
        }
    }

    @Test
    void oneSocketWritePerEventLoopTurnHoweverManySendCalls() {
        List<PeerTestNode> nodes = ensemble(2);
        PeerTestNode a = nodes.get(0);
        PeerTestNode b = nodes.get(1);
        long before = a.onTransport(t -> t.socketWrites(2));
        long duringTurn = a.onTransport(t -> {
            for (int call = 0; call < 10; call++) {
                t.send(heartbeats(1, 2, call * 100L, 100));
            }
            return t.socketWrites(2);
        });
        // This task was queued after the flush the sends scheduled, so it sees the flush done.
        long afterTurn = a.onTransport(t -> t.socketWrites(2));
        assertThat(duringTurn).isEqualTo(before);
        assertThat(afterTurn).isEqualTo(before + 1);
        await().atMost(WAIT).until(() -> b.receivedFrom(1).size() == 1000);
        assertThat(seqs(b.receivedFrom(1))).isEqualTo(range(0, 1000));
    }

    @Test
    void throughputBetweenTwoTransports() {
        List<PeerTestNode> nodes = ensemble(2);
        PeerTestNode a = nodes.get(0);
        PeerTestNode b = nodes.get(1);
        int turns = 200;
        int perTurn = 1000;
        long startNanos = System.nanoTime();
        a.call(() -> {
            sendTurns(a, 0, turns, perTurn);
            return null;
        });
        await().atMost(WAIT).until(() -> b.receivedFrom(1).size() == turns * perTurn);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("peer transport: %d heartbeats (39-byte frames) 1 -> 2 in %.3f s: %.0f messages/s%n",
                turns * perTurn, seconds, turns * perTurn / seconds);
        long dropped = a.onTransport(t -> t.droppedFull(2));
        assertThat(dropped).isZero();
        assertThat(seqs(b.receivedFrom(1))).isEqualTo(range(0, (long) turns * perTurn));
    }

    /** Sends {@code perTurn} heartbeats per event-loop turn, turn after turn, starting on the loop. */
    private static void sendTurns(PeerTestNode node, int turn, int turns, int perTurn) {
        if (turn == turns) {
            return;
        }
        node.onTransportNow(t -> t.send(heartbeats(1, 2, (long) turn * perTurn, perTurn)));
        node.runOnLoop(() -> sendTurns(node, turn + 1, turns, perTurn));
    }

    // ---- raw peers -----------------------------------------------------------------------------

    private static byte[] frames(java.util.function.Consumer<JuteWriter> encoder) {
        JuteWriter w = new JuteWriter(64);
        encoder.accept(w);
        return w.toByteArray();
    }

    private Socket rawConnect(int port) throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.connect(new InetSocketAddress(HOST, port), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** True once the other end closed {@code socket}: a read sees the end of the stream (or a reset). */
    private static boolean closedByPeer(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset: the other end closed with our bytes unread
        }
    }

    private static PeerFrame readFrame(DataInputStream in) throws Exception {
        int length = in.readInt();
        byte[] frame = new byte[4 + length];
        ByteBuffer.wrap(frame).putInt(length);
        in.readFully(frame, 4, length);
        return PeerFrames.decode(ByteBuffer.wrap(frame));
    }

    @Test
    void nothingIsSentOnAcceptedConnectionsAndPeersAreKnownByTheirHello() throws Exception {
        // Node 2 is played by raw sockets: a listener that node 1 dials, and a connection to node 1.
        ServerSocket two = new ServerSocket(0, 5, InetAddress.getByName(HOST));
        open.add(two);
        two.setSoTimeout(5000);
        PeerTestNode one = node(1, Map.of(1, freePort(), 2, two.getLocalPort()), BOUND);
        Socket dialed = two.accept();
        open.add(dialed);
        dialed.setSoTimeout(5000);
        DataInputStream fromOne = new DataInputStream(dialed.getInputStream());
        assertThat(readFrame(fromOne)).isEqualTo(new PeerFrame.Hello(1, 2, PeerFrames.PROTOCOL_VERSION));

        Socket toOne = rawConnect(one.onTransport(PeerTransport::listenPort));
        toOne.getOutputStream().write(frames(w -> {
            PeerFrames.appendHello(w, 2, 1);
            for (PeerMessage m : heartbeats(2, 1, 0, 5)) {
                PeerFrames.appendMessage(w, m);
            }
        }));
        await().atMost(WAIT).until(() -> one.receivedFrom(2).size() == 5);
        assertThat(seqs(one.receivedFrom(2))).isEqualTo(range(0, 5));

        one.send(heartbeats(1, 2, 100, 50));
        for (long seq = 100; seq < 150; seq++) {
            PeerFrame frame = readFrame(fromOne);
            assertThat(frame).isInstanceOf(PeerFrame.Message.class);
            assertThat(seqOf(((PeerFrame.Message) frame).message())).isEqualTo(seq);
        }
        // The 50 messages left on the connection node 1 dialed; the one it accepted carries nothing back.
        toOne.setSoTimeout(300);
        assertThatThrownBy(() -> toOne.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThat(one.disconnects(2)).isZero();
    }

    @Test
    void garbageABadCrcAndImpostorsCloseOnlyTheirOwnConnection() throws Exception {
        Map<Integer, Integer> ports = Map.of(1, freePort(), 2, freePort(), 3, freePort());
        PeerTestNode one = node(1, ports, BOUND);
        PeerTestNode two = node(2, ports, BOUND);
        await().atMost(WAIT).until(() -> one.connected(2) && two.connected(1));
        await().atMost(WAIT).until(() -> one.onTransport(PeerTransport::acceptedConnections) == 1);
        int port = one.onTransport(PeerTransport::listenPort);

        SplittableRandom random = new SplittableRandom(7);
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        byte[] badCrc = frames(w -> {
            PeerFrames.appendHello(w, 3, 1);
            PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 1, 1, 0, 99));
        });
        badCrc[badCrc.length - 1] ^= 1;
        List<byte[]> attacks = List.of(garbage, badCrc,
                frames(w -> PeerFrames.appendHello(w, 3, 9)), // meant for another node
                frames(w -> PeerFrames.appendHello(w, 7, 1)), // not a member
                frames(w -> PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 1, 1, 0, 98))), // no HELLO
                frames(w -> { // a message whose sender is not the connection's
                    PeerFrames.appendHello(w, 3, 1);
                    PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(2, 1, 1, 0, 97));
                }),
                frames(w -> { // a message for another node
                    PeerFrames.appendHello(w, 3, 1);
                    PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 2, 1, 0, 96));
                }));
        long seq = 0;
        for (byte[] attack : attacks) {
            Socket raw = rawConnect(port);
            raw.getOutputStream().write(attack);
            await().atMost(WAIT).until(() -> closedByPeer(raw));
            // The real peer's connection is untouched: its messages still arrive, nothing was redialed.
            two.send(heartbeats(2, 1, seq, 10));
            long expected = seq + 10;
            await().atMost(WAIT).until(() -> one.receivedFrom(2).size() == expected);
            seq = expected;
        }
        assertThat(seqs(one.receivedFrom(2))).isEqualTo(range(0, seq));
        assertThat(one.received()).allMatch(m -> m.from() == 2);
        long connects = two.onTransport(t -> t.connects(1));
        assertThat(connects).isEqualTo(1);
        assertThat(two.disconnects(1)).isZero();
        assertThat(one.disconnects(2)).isZero();
        await().atMost(WAIT).until(() -> one.onTransport(PeerTransport::acceptedConnections) == 1);
    }

    @Test
    void aBadSnapshotIsDroppedAndTheConnectionCarriesOn() throws Exception {
        Map<Integer, Integer> ports = Map.of(1, freePort(), 3, freePort());
        PeerTestNode one = node(1, ports, BOUND);
        Socket three = rawConnect(one.onTransport(PeerTransport::listenPort));
        byte[] body = new byte[10];
        new SplittableRandom(3).nextBytes(body);
        CRC32C crc = new CRC32C();
        crc.update(body);
        int bodyCrc = (int) crc.getValue();
        three.getOutputStream().write(frames(w -> {
            PeerFrames.appendHello(w, 3, 1);
            // A body whose crc does not match ...
            PeerFrames.appendSnapshotBegin(w, 3, 1, 1, 5, body.length);
            PeerFrames.appendSnapshotChunk(w, body, 0, body.length);
            PeerFrames.appendSnapshotEnd(w, bodyCrc ^ 1);
            PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 1, 1, 0, 0));
            // ... and one whose crc matches but whose bytes are no snapshot body (parsing fails on the worker).
            PeerFrames.appendSnapshotBegin(w, 3, 1, 1, 5, body.length);
            PeerFrames.appendSnapshotChunk(w, body, 0, 4);
            PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 1, 1, 0, 1));
            PeerFrames.appendSnapshotChunk(w, body, 4, body.length - 4);
            PeerFrames.appendSnapshotEnd(w, bodyCrc);
        }));
        await().atMost(WAIT).until(() -> one.receivedFrom(3).size() == 2);
        // The worker's verdict on the second body comes back through the loop; a message sent after it
        // arrives after it, and by then no snapshot may have been delivered.
        three.getOutputStream().write(frames(w -> PeerFrames.appendMessage(w, new PeerMessage.Heartbeat(3, 1, 1, 0, 2))));
        await().atMost(WAIT).until(() -> one.receivedFrom(3).size() == 3);
        assertThat(seqs(one.receivedFrom(3))).isEqualTo(range(0, 3));
        assertThat(one.snapshots()).isEmpty();
        assertThat(closedByPeerWithin(three, 200)).isFalse();
    }

    private static boolean closedByPeerWithin(Socket socket, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        return closedByPeer(socket);
    }

    // ---- losing peers ----------------------------------------------------------------------------

    @Test
    void reconnectsAfterThePeerRestartsAndReportsTheLossOnce() {
        Map<Integer, Integer> ports = Map.of(1, freePort(), 2, freePort());
        PeerTestNode one = node(1, ports, BOUND);
        PeerTestNode two = node(2, ports, BOUND);
        await().atMost(WAIT).until(() -> one.connected(2) && two.connected(1));
        one.send(heartbeats(1, 2, 0, 10));
        await().atMost(WAIT).until(() -> two.receivedFrom(1).size() == 10);

        two.close();
        await().atMost(WAIT).until(() -> one.disconnects(2) == 1 && !one.connected(2));
        one.send(heartbeats(1, 2, 10, 10)); // nobody there: dropped at once, nothing queued
        long droppedDown = one.onTransport(t -> t.droppedDisconnected(2));
        assertThat(droppedDown).isEqualTo(10);
        long queuedDown = one.onTransport(t -> t.queuedBytes(2));
        assertThat(queuedDown).isZero();

        PeerTestNode again = node(2, ports, BOUND);
        await().atMost(WAIT).until(() -> one.connected(2) && again.connected(1));
        one.send(heartbeats(1, 2, 20, 10));
        again.send(heartbeats(2, 1, 0, 10));
        await().atMost(WAIT).until(() -> again.receivedFrom(1).size() == 10 && one.receivedFrom(2).size() == 10);
        assertThat(seqs(again.receivedFrom(1))).isEqualTo(range(20, 30));
        assertThat(one.disconnects(2)).isEqualTo(1);
        long connects = one.onTransport(t -> t.connects(2));
        assertThat(connects).isEqualTo(2);
    }

    @Test
    void aPeerThatIsDownCostsNoMemory() {
        PeerTestNode one = node(1, Map.of(1, freePort(), 2, freePort()), BOUND);
        for (int turn = 0; turn < 100; turn++) {
            one.send(heartbeats(1, 2, turn * 1000L, 1000));
        }
        long dropped = one.onTransport(t -> t.droppedDisconnected(2));
        long queued = one.onTransport(t -> t.queuedBytes(2));
        long writes = one.onTransport(t -> t.socketWrites(2));
        assertThat(dropped).isEqualTo(100_000);
        assertThat(queued).isZero();
        assertThat(writes).isZero();
        assertThat(one.disconnects(2)).isZero(); // it never was connected, so it never lost a connection
    }

    // ---- through the fault proxy -----------------------------------------------------------------

    /** Nodes 1 and 2, with node 1's messages to node 2 going through fault-proxy link 1-2. */
    private final class Proxied {
        final PeerTestNode one;
        final PeerTestNode two;
        final FaultProxy proxy;

        Proxied(long bytesMax, int snapshotTimeoutMs) throws Exception {
            int port1 = freePort();
            int port2 = freePort();
            Vertx proxyVertx = Vertx.vertx();
            open.add(() -> proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            proxy = new FaultProxy(List.of(new LinkSpec(1, 2, 0, HOST, port2)), 0, () -> { });
            proxyVertx.deployVerticle(proxy).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            two = node(2, Map.of(1, port1, 2, port2), bytesMax, snapshotTimeoutMs);
            one = node(1, Map.of(1, port1, 2, proxy.listenPort("1-2")), bytesMax, snapshotTimeoutMs);
            await().atMost(WAIT).until(() -> one.connected(2) && two.connected(1));
        }

        String command(String line) {
            try (Socket socket = new Socket(HOST, proxy.controlPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(reply).startsWith("ok");
                return reply;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aPeerBehindAProxyThatIsDownIsRedialedWithGrowingBackoff() throws Exception {
        // The proxy accepts every connection and closes it at once, as its target is not there.
        Vertx proxyVertx = Vertx.vertx();
        open.add(() -> proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        FaultProxy proxy = new FaultProxy(List.of(new LinkSpec(1, 2, 0, HOST, freePort())), 0, () -> { });
        proxyVertx.deployVerticle(proxy).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long startNanos = System.nanoTime();
        PeerTestNode one = node(1, Map.of(1, freePort(), 2, proxy.listenPort("1-2")), BOUND);
        await().atMost(WAIT).until(() -> one.disconnects(2) >= 5);
        // Connections that die at once do not reset the backoff: 50 + 100 + 200 + 400 ms at least
        // between the first and the fifth (a reset on every connect would redial every 50 ms).
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThan(Duration.ofMillis(750));
        long connects = one.onTransport(t -> t.connects(2));
        assertThat((long) one.disconnects(2)).isBetween(connects - 1, connects); // each loss reported once
    }

    @Test
    void aStalledLinkDeliversLateButInOrderAndOnlyThatDirectionStops() throws Exception {
        Proxied p = new Proxied(BOUND, SNAPSHOT_TIMEOUT_MS);
        p.command("stall 1 2");
        for (int turn = 0; turn < 5; turn++) {
            p.one.send(heartbeats(1, 2, turn * 100L, 100));
        }
        // Everything has left node 1 (it sits in the stalled proxy) ...
        await().atMost(WAIT).until(() -> p.one.onTransport(t -> t.queuedBytes(2)) == 0);
        // ... while node 2 still hears node 1 on nothing, and node 1 hears node 2 as ever.
        p.two.send(heartbeats(2, 1, 0, 10));
        await().atMost(WAIT).until(() -> p.one.receivedFrom(2).size() == 10);
        assertThat(p.two.receivedFrom(1)).isEmpty();
        p.command("open 1 2");
        await().atMost(WAIT).until(() -> p.two.receivedFrom(1).size() == 500);
        assertThat(seqs(p.two.receivedFrom(1))).isEqualTo(range(0, 500));
        assertThat(p.one.disconnects(2)).isZero();
    }

    @Test
    void aStalledPeerNeverHoldsMoreThanTheBoundAndGetsEveryMessageNotDropped() throws Exception {
        long bound = 1L << 20;
        Proxied p = new Proxied(bound, SNAPSHOT_TIMEOUT_MS);
        p.command("stall 1 2");
        // Turn after turn of 64 appends of 1 KiB, until the kernel buffers are full and the bound drops
        // messages for a while: the queue must never go past the bound on the way.
        AtomicLong sent = new AtomicLong();
        AtomicLong maxQueued = new AtomicLong();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        p.one.runOnLoop(() -> fillTurns(p.one, sent, maxQueued, 0, done));
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long dropped = p.one.onTransport(t -> t.droppedFull(2));
        assertThat(dropped).isPositive();
        assertThat(maxQueued.get()).isLessThanOrEqualTo(bound);
        p.command("open 1 2");
        long delivered = sent.get() - dropped;
        await().atMost(WAIT).until(() -> p.two.receivedFrom(1).size() == delivered);
        List<Long> seqs = seqs(p.two.receivedFrom(1));
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(seqs.get(0)).isZero();
        System.out.printf("stalled peer: %d appends sent, %d delivered late in order, %d dropped at the %d-byte bound%n",
                sent.get(), delivered, dropped, bound);
    }

    @Test
    void closingDoesNotWaitForAStalledPeer() throws Exception {
        Proxied p = new Proxied(4L << 20, SNAPSHOT_TIMEOUT_MS);
        p.command("stall 1 2");
        AtomicLong sent = new AtomicLong();
        java.util.concurrent.CompletableFuture<Void> full = new java.util.concurrent.CompletableFuture<>();
        p.one.runOnLoop(() -> fillTurns(p.one, sent, new AtomicLong(), 0, full));
        full.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long queued = p.one.onTransport(t -> t.queuedBytes(2));
        assertThat(queued).isPositive(); // megabytes the stalled peer will never take
        long startNanos = System.nanoTime();
        p.one.onTransport(PeerTransport::close).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(1));
        boolean connected = p.one.connected(2);
        assertThat(connected).isFalse();
        assertThat(p.one.disconnects(2)).isZero(); // a close is not a loss to report ...
        long connects = p.one.onTransport(t -> t.connects(2));
        assertThat(connects).isEqualTo(1); // ... and nothing redials
    }

    private static void fillTurns(PeerTestNode node, AtomicLong sent, AtomicLong maxQueued, int dropTurns,
                                  java.util.concurrent.CompletableFuture<Void> done) {
        List<PeerMessage> batch = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            batch.add(append(1, 2, sent.getAndIncrement(), 1024));
        }
        long[] state = new long[2];
        node.onTransportNow(t -> {
            t.send(batch);
            state[0] = t.queuedBytes(2);
            state[1] = t.droppedFull(2);
        });
        maxQueued.accumulateAndGet(state[0], Math::max);
        int nextDropTurns = state[1] > 0 ? dropTurns + 1 : 0;
        if (nextDropTurns >= 20 || sent.get() > 200_000) {
            done.complete(null);
        } else {
            // A timer rather than the next turn at once: the kernel gets to take what it can in between.
            node.vertx().setTimer(1, id -> fillTurns(node, sent, maxQueued, nextDropTurns, done));
        }
    }

    // ---- snapshots -------------------------------------------------------------------------------

    /** 20,000 znodes of 1 KiB under /d (about 21 MiB of body): built once, it is immutable. */
    private static final class BigTree {
        static final DataTree TREE = build(20_000, 1024);

        private static DataTree build(int znodes, int dataBytes) {
            SplittableRandom random = new SplittableRandom(20_000);
            long zxid = Zxid.of(1, 1);
            DataTree tree = DataTree.empty().editable();
            tree = tree.apply(new TxnEntry(zxid, 0, 0, 1000, new Txn.Create("/d", new byte[0], Acl.OPEN_ACL_UNSAFE, 0)))
                    .tree();
            for (int i = 1; i < znodes; i++) {
                byte[] data = new byte[dataBytes];
                random.nextBytes(data);
                tree = tree.apply(new TxnEntry(++zxid, 0, i, 1000 + i, new Txn.Create("/d/n" + i, data,
                        Acl.OPEN_ACL_UNSAFE, 0))).tree();
            }
            return tree.frozen();
        }
    }

    private static void assertSameTree(DataTree received, DataTree sent) {
        assertThat(received.lastZxid()).isEqualTo(sent.lastZxid());
        assertThat(received.nodeCount()).isEqualTo(sent.nodeCount()).isGreaterThan(20_000);
        assertThat(received.digest()).isEqualTo(sent.digest());
        // The digest the receiver recomputes from the znodes it rebuilt, not only the one the body carried.
        assertThat(received.computeDigest()).isEqualTo(sent.digest());
        for (String path : List.of("/d/n1", "/d/n9999", "/d/n19999")) {
            assertThat(received.node(path).data()).isEqualTo(sent.node(path).data());
        }
    }

    @Test
    void aTwentyThousandZnodeSnapshotStreamsWhileMessagesFlow() {
        DataTree tree = BigTree.TREE;
        List<PeerTestNode> nodes = ensemble(2);
        PeerTestNode one = nodes.get(0);
        PeerTestNode two = nodes.get(1);
        AtomicLong sent = new AtomicLong();
        long timer = one.call(() -> one.vertx().setPeriodic(1, id -> one.onTransportNow(
                t -> t.send(heartbeats(1, 2, sent.getAndAdd(20), 20)))));
        await().atMost(WAIT).until(() -> two.receivedFrom(1).size() >= 100);
        int beforeRequest = two.receivedFrom(1).size();
        boolean streaming = one.onTransport(t -> {
            t.sendSnapshot(2, 7, tree);
            t.sendSnapshot(2, 7, tree); // ignored: one is already streaming to node 2
            return t.snapshotStreaming(2);
        });
        assertThat(streaming).isTrue();
        await().atMost(WAIT).until(() -> two.snapshots().size() == 1);
        int beforeSnapshot = two.snapshots().get(0).messagesBefore();
        await().atMost(WAIT).until(() -> two.receivedFrom(1).size() >= beforeSnapshot + 100);
        long total = one.call(() -> {
            one.vertx().cancelTimer(timer);
            return sent.get();
        });
        await().atMost(WAIT).until(() -> two.receivedFrom(1).size() == total);
        assertThat(seqs(two.receivedFrom(1))).isEqualTo(range(0, total));
        PeerTestNode.Snapshot snapshot = two.snapshots().get(0);
        assertThat(snapshot.from()).isEqualTo(1);
        assertThat(snapshot.epoch()).isEqualTo(7);
        assertSameTree(snapshot.tree(), tree);
        // Heartbeats kept arriving while the body was serialised, streamed and parsed, not only around it.
        assertThat(beforeSnapshot).isGreaterThan(beforeRequest);
        await().atMost(WAIT).until(() -> !one.onTransport(t -> t.snapshotStreaming(2)));
        long started = one.onTransport(t -> t.snapshotsStarted(2));
        assertThat(started).isEqualTo(1);
        long dropped = one.onTransport(t -> t.droppedFull(2));
        assertThat(dropped).isZero();
    }

    @Test
    void aSnapshotIntoAStalledLinkIsPacedTimesOutAndGoesThroughOnceTheLinkOpens() throws Exception {
        DataTree tree = BigTree.TREE;
        Proxied p = new Proxied(BOUND, 1500);
        p.command("stall 1 2");
        p.one.onTransport(t -> {
            t.sendSnapshot(2, 1, tree);
            return null;
        });
        // The worker waits for the socket: node 1 holds the write queue and the frames in hand, not the body.
        AtomicLong maxQueued = new AtomicLong();
        await().atMost(WAIT).until(() -> {
            maxQueued.accumulateAndGet(p.one.onTransport(t -> t.queuedBytes(2)), Math::max);
            return p.one.disconnects(2) == 1;
        });
        long inHand = (long) (SnapshotSender.FRAMES_AHEAD + 1) * (SnapshotSender.CHUNK_BYTES + PeerFrames.HEADER_BYTES);
        assertThat(maxQueued.get()).isPositive().isLessThanOrEqualTo(SnapshotSender.queueBytes(BOUND) + inHand);
        await().atMost(WAIT).until(() -> !p.one.onTransport(t -> t.snapshotStreaming(2)));
        assertThat(p.two.snapshots()).isEmpty();

        p.command("open 1 2");
        await().atMost(WAIT).until(() -> p.one.connected(2));
        p.one.onTransport(t -> {
            t.sendSnapshot(2, 1, tree);
            return null;
        });
        await().atMost(WAIT).until(() -> p.two.snapshots().size() == 1);
        assertSameTree(p.two.snapshots().get(0).tree(), tree);
        assertThat(p.one.disconnects(2)).isEqualTo(1);
    }
}
