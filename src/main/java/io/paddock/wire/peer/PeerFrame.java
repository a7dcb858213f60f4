package io.paddock.wire.peer;

import io.paddock.consensus.PeerMessage;
import java.nio.ByteBuffer;

/**
 * One decoded frame of a peer connection (see {@link PeerFrames} for the bytes). Immutable
 * records, except that {@link SnapshotChunk#bytes()} is a view of the received bytes: it is valid
 * only until the read that delivered it returns, so a receiver copies what it keeps.
 */
public sealed interface PeerFrame {
    /** The first frame of every connection: who dialed, whom it meant to reach, which protocol it speaks. */
    record Hello(int from, int to, int protocolVersion) implements PeerFrame {}

    /** One peer message. */
    record Message(PeerMessage message) implements PeerFrame {}

    /**
     * A snapshot body follows in {@link SnapshotChunk} frames: the tree of node {@code from} at
     * {@code zxid}, sent in {@code epoch}, {@code bodyBytes} long in all.
     */
    record SnapshotBegin(int from, int to, long epoch, long zxid, long bodyBytes) implements PeerFrame {}

    /** The next bytes of the snapshot body begun last on this connection; a view, see the interface. */
    record SnapshotChunk(ByteBuffer bytes) implements PeerFrame {}

    /** The snapshot body is complete; {@code bodyCrc} is the crc32c of all its bytes. */
    record SnapshotEnd(int bodyCrc) implements PeerFrame {}
}
