package io.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, oversized and unknown frames from a raw socket: the offending connection gets
 * ZooKeeper's answer (an error code, or the connection closed) and the node and every other
 * session keep working with nothing lost.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static TestNode node;
    static ZooKeeper bystander;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        bystander = node.client();
        bystander.create("/kept", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterAll
    static void stop() throws Exception {
        bystander.close();
        node.close();
    }

    /** A raw ZooKeeper connection with its handshake done. */
    static final class Raw implements AutoCloseable {
        final Socket socket;
        final DataOutputStream out;
        final DataInputStream in;

        Raw(int port, boolean handshake) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
            if (handshake) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                DataOutputStream b = new DataOutputStream(body);
                b.writeInt(0);
                b.writeLong(0);
                b.writeInt(4000);
                b.writeLong(0);
                b.writeInt(16);
                b.write(new byte[16]);
                b.writeBoolean(false);
                frame(body.toByteArray());
                int length = in.readInt();
                assertThat(length).isEqualTo(37);
                in.readFully(new byte[length]);
            }
        }

        void frame(byte[] body) throws IOException {
            out.writeInt(body.length);
            out.write(body);
            out.flush();
        }

        /** Reads one reply: returns {xid, err}. */
        int[] reply() throws IOException {
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(body));
            int xid = r.readInt();
            r.readLong();
            return new int[] {xid, r.readInt()};
        }

        boolean closedByServer() {
            try {
                while (true) {
                    in.readByte();
                }
            } catch (EOFException e) {
                return true;
            } catch (IOException e) {
                return e.getMessage() != null && e.getMessage().contains("reset");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] request(int xid, int type, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(xid);
        out.writeInt(type);
        out.write(body);
        return bytes.toByteArray();
    }

    static byte[] createBody(String path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        out.writeInt(p.length);
        out.write(p);
        out.writeInt(-1);
        out.writeInt(1);
        out.writeInt(31);
        byte[] scheme = "world".getBytes(StandardCharsets.UTF_8);
        out.writeInt(scheme.length);
        out.write(scheme);
        byte[] id = "anyone".getBytes(StandardCharsets.UTF_8);
        out.writeInt(id.length);
        out.write(id);
        out.writeInt(0);
        return bytes.toByteArray();
    }

    private void nodeStillServes() throws Exception {
        assertThat(bystander.getData("/kept", false, null)).isEqualTo("v".getBytes());
        try (ZooKeeper fresh = node.client()) {
            assertThat(fresh.exists("/kept", false)).isNotNull();
        }
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws Exception {
        try (Raw raw = new Raw(node.port(), true)) {
            raw.out.writeInt(node.config.juteMaxBufferBytes() + 1);
            raw.out.flush();
            assertThat(raw.closedByServer()).isTrue();
        }
        try (Raw raw = new Raw(node.port(), false)) {
            raw.out.writeInt(-7);
            raw.out.flush();
            assertThat(raw.closedByServer()).isTrue();
        }
        nodeStillServes();
    }

    @Test
    void unknownOpcodeGetsUnimplementedThenClose() throws Exception {
        try (Raw raw = new Raw(node.port(), true)) {
            raw.frame(request(1, 99, new byte[0]));
            int[] reply = raw.reply();
            assertThat(reply).containsExactly(1, -6);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (Raw raw = new Raw(node.port(), true)) {
            raw.frame(request(1, 13, new byte[0])); // a top-level check is not a request
            assertThat(raw.reply()).containsExactly(1, -6);
        }
        nodeStillServes();
    }

    @Test
    void truncatedBodyGetsMarshallingErrorAndTheConnectionGoesOn() throws Exception {
        try (Raw raw = new Raw(node.port(), true)) {
            byte[] body = createBody("/truncated");
            raw.frame(request(1, 1, java.util.Arrays.copyOf(body, 9)));
            assertThat(raw.reply()).containsExactly(1, -5);
            raw.frame(request(2, 1, createBody("/after-truncated")));
            assertThat(raw.reply()).containsExactly(2, 0);
        }
        try (Raw raw = new Raw(node.port(), true)) {
            raw.frame(new byte[] {0, 0, 0, 1}); // shorter than a request header
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(bystander.exists("/truncated", false)).isNull();
        nodeStillServes();
    }

    @Test
    void invalidPathGetsBadArguments() throws Exception {
        try (Raw raw = new Raw(node.port(), true)) {
            // As in ZooKeeper, the parent is looked up before the full path is validated.
            raw.frame(request(1, 1, createBody("/missing//path")));
            assertThat(raw.reply()).containsExactly(1, -101);
            raw.frame(request(4, 1, createBody("/kept/.")));
            assertThat(raw.reply()).containsExactly(4, -8);
            raw.frame(request(2, 1, createBody("no-slash")));
            assertThat(raw.reply()).containsExactly(2, -8);
            raw.frame(request(3, 1, createBody("/ok-after-bad")));
            assertThat(raw.reply()).containsExactly(3, 0);
        }
        assertThat(bystander.exists("/ok-after-bad", false)).isNotNull();
        nodeStillServes();
    }

    @Test
    void garbageHandshakeIsClosed() throws Exception {
        try (Raw raw = new Raw(node.port(), false)) {
            raw.frame(new byte[] {1, 2, 3});
            assertThat(raw.closedByServer()).isTrue();
        }
        nodeStillServes();
    }
}
