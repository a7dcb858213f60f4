package io.paddock.node;

import io.paddock.tree.ByteSource;
import io.paddock.wire.peer.PeerFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A snapshot body being received on one accepted connection: the BEGIN it announced, a copy of
 * every chunk so far (each chunk is copied once, out of the socket's read buffer) and the
 * running crc32c. A body larger than the node's bound is counted but not kept, and reported as
 * too large at the end, so that the connection (and the messages on it) carries on.
 *
 * <p>Filled on the event loop; {@link #source} is read by one worker after the END frame, when
 * nothing adds to it any more (the hand-over through {@code executeBlocking} orders the two).
 *
 * <p>Invariant: {@code received <= begin.bodyBytes()}; {@code chunks} holds exactly the bytes
 * received when the body is kept, and nothing otherwise.
 */
final class SnapshotAssembly {
    private final PeerFrame.SnapshotBegin begin;
    private final boolean keep;
    private final List<byte[]> chunks = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private long received;

    /** @param bytesMax the largest body kept in memory */
    SnapshotAssembly(PeerFrame.SnapshotBegin begin, long bytesMax) {
        this.begin = begin;
        this.keep = begin.bodyBytes() <= bytesMax;
    }

    PeerFrame.SnapshotBegin begin() {
        return begin;
    }

    /** Adds the chunk's bytes (a view, valid only now); false if they run past the announced size. */
    boolean add(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (received + n > begin.bodyBytes()) {
            return false;
        }
        crc.update(chunk.duplicate());
        if (keep) {
            byte[] copy = new byte[n];
            chunk.duplicate().get(copy);
            chunks.add(copy);
        }
        received += n;
        return true;
    }

    /** Why the finished body cannot be used, or null when it can. */
    String problem(int bodyCrc) {
        if (!keep) {
            return "its " + begin.bodyBytes() + " bytes exceed this node's in-memory bound";
        }
        if (received != begin.bodyBytes()) {
            return "ended after " + received + " of " + begin.bodyBytes() + " bytes";
        }
        if ((int) crc.getValue() != bodyCrc) {
            return String.format("body crc32c %08x, computed %08x", bodyCrc, (int) crc.getValue());
        }
        return null;
    }

    /** The body, chunk after chunk; each chunk is let go once read, so parsing does not hold the body twice. */
    ByteSource source() {
        return new ByteSource() {
            private int index;
            private int at;

            @Override
            public int read(byte[] bytes, int offset, int length) {
                while (index < chunks.size() && at == chunks.get(index).length) {
                    chunks.set(index++, null);
                    at = 0;
                }
                if (index == chunks.size()) {
                    return -1;
                }
                byte[] chunk = chunks.get(index);
                int n = Math.min(length, chunk.length - at);
                System.arraycopy(chunk, at, bytes, offset, n);
                at += n;
                return n;
            }
        };
    }
}
