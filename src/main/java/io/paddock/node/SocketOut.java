package io.paddock.node;

import io.netty.buffer.Unpooled;
import io.paddock.wire.jute.JuteWriter;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;

/**
 * Writes what a socket's writer holds without copying it to a fresh heap buffer: the writer's
 * array goes to the socket as it is, the writer continues on a spare array, and the written
 * array becomes a spare again once its write has completed (netty has copied it into its own
 * direct buffer by then, or the write failed). A connection flushes once per event-loop turn, so
 * at steady load its writes cycle through a few arrays instead of allocating one per flush (on
 * a leader, the copy of every replicated batch was about 15% of what the node allocated).
 *
 * <p>Runs on the socket's event loop only. Invariants: at most {@link #SPARES_MAX} spares are
 * kept, none larger than the retained bound given at construction; an array is never both a
 * spare and in a pending write (it is offered back only from its own write's completion).
 */
final class SocketOut {
    static final int SPARES_MAX = 4;
    private final ArrayDeque<byte[]> spares = new ArrayDeque<>(SPARES_MAX);
    private final int retainedBytesMax;
    private final int initialBytes;

    /** Arrays above {@code retainedBytesMax} (a rare burst) are left to the collector after their write. */
    SocketOut(int initialBytes, int retainedBytesMax) {
        this.initialBytes = Math.max(16, initialBytes);
        this.retainedBytesMax = Math.max(this.initialBytes, retainedBytesMax);
    }

    /** Writes {@code out}'s content to {@code socket} in one write and leaves {@code out} empty. */
    Future<Void> write(NetSocket socket, JuteWriter out) {
        int n = out.size();
        byte[] spare = spares.pollFirst();
        byte[] sent = out.swapArray(spare != null ? spare : new byte[initialBytes]);
        Future<Void> written = socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(sent, 0, n)));
        written.onComplete(done -> giveBack(sent));
        return written;
    }

    private void giveBack(byte[] array) {
        if (array.length <= retainedBytesMax && spares.size() < SPARES_MAX) {
            spares.addLast(array);
        }
    }

    /** Spare arrays held now, for tests. */
    int spares() {
        return spares.size();
    }
}
