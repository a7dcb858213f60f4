package io.paddock.node;

import io.paddock.tree.ByteSink;
import io.paddock.tree.DataTree;
import io.paddock.tree.TreeSnapshot;
import io.paddock.wire.jute.JuteWriter;
import io.paddock.wire.peer.PeerFrames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot on its way to one peer: SNAPSHOT_BEGIN, the body ({@link TreeSnapshot#write} of
 * the tree, in SNAPSHOT_CHUNK frames of up to {@link #CHUNK_BYTES}) and SNAPSHOT_END, on the
 * connection it started on. The capture is the tree reference itself: the tree is immutable.
 *
 * <p>Threads: {@link #start}, {@link #grant} and {@link #cancel} run on the node's event loop;
 * {@link #produce} runs on a worker ({@code executeBlocking(..., false)}, so that it never queues
 * behind the log's ordered jobs). The worker serialises the tree twice, once only counting bytes
 * (BEGIN announces the size) and once framing them, and hands each frame to the event loop with
 * {@code runOnContext}; {@link PeerLink#snapshotFrame} writes it.
 *
 * <p>Backpressure: the worker needs a permit per frame ({@link #FRAMES_AHEAD} to start with); the
 * event loop gives one back once fewer than {@link #queueBytes} bytes wait to reach the kernel,
 * counted from write completions. So the bytes this node holds for the peer stay under
 * {@link #queueBytes} plus a few frames, however large the body, and it is never held whole.
 *
 * <p>Invariant: once {@link #cancel} has run the worker hands over no more frames and ends soon
 * (it checks at every permit wait), so a lost connection never leaves a worker blocked.
 */
final class SnapshotSender {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSender.class);
    static final int CHUNK_BYTES = 1 << 20;
    static final int FRAMES_AHEAD = 2;
    private static final long PERMIT_POLL_MS = 100;

    private final PeerLink link;
    private final PeerLink.Connection connection;
    private final Context context;
    private final int from;
    private final long epoch;
    private final DataTree tree;
    private final Semaphore permits = new Semaphore(FRAMES_AHEAD);
    private volatile boolean cancelled;
    private long timeoutTimer = -1;
    private long startNanos;

    SnapshotSender(PeerLink link, PeerLink.Connection connection, Context context, int from, long epoch,
                   DataTree tree) {
        this.link = link;
        this.connection = connection;
        this.context = context;
        this.from = from;
        this.epoch = epoch;
        this.tree = tree;
    }

    /**
     * How many unwritten bytes a snapshot may leave on a peer socket before it waits: small
     * enough that messages interleaved with it do not wait behind megabytes of body, and well
     * within the peer's byte bound.
     */
    static int queueBytes(long bytesMax) {
        return (int) Math.max(64 << 10, Math.min(2L << 20, bytesMax / 4));
    }

    PeerLink.Connection connection() {
        return connection;
    }

    long zxid() {
        return tree.lastZxid();
    }

    void start(Vertx vertx, int timeoutMs) {
        startNanos = System.nanoTime();
        timeoutTimer = vertx.setTimer(timeoutMs, id -> link.snapshotTimedOut(this));
        context.executeBlocking(this::produce, false).onComplete(done -> {
            vertx.cancelTimer(timeoutTimer);
            link.snapshotFinished(this);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            if (done.succeeded()) {
                LOG.info("link {}: sent the snapshot at zxid 0x{} ({} znodes, {} bytes) in {} ms", link.name,
                        Long.toHexString(tree.lastZxid()), tree.nodeCount(), done.result(), ms);
            } else if (!(done.cause() instanceof Cancelled)) {
                LOG.warn("link {}: sending the snapshot at zxid 0x{} failed after {} ms", link.name,
                        Long.toHexString(tree.lastZxid()), ms, done.cause());
            }
        });
    }

    /** Event loop: the worker may produce {@code count} more frames. */
    void grant(int count) {
        if (count > 0) {
            permits.release(count);
        }
    }

    /** Event loop: stop; the worker notices at its next frame and ends with {@link Cancelled}. */
    void cancel() {
        cancelled = true;
        permits.release(FRAMES_AHEAD); // wakes a worker waiting for a permit
    }

    /** Worker: both passes over the tree; returns the body size. */
    private Long produce() {
        long total = TreeSnapshot.write(tree, (bytes, offset, length) -> {
            if (cancelled) {
                throw new Cancelled();
            }
        });
        JuteWriter w = new JuteWriter(CHUNK_BYTES + PeerFrames.HEADER_BYTES);
        PeerFrames.appendSnapshotBegin(w, from, link.peer, epoch, tree.lastZxid(), total);
        hand(w);
        ChunkSink sink = new ChunkSink(w);
        long written = TreeSnapshot.write(tree, sink);
        sink.finish();
        if (written != total) {
            // Both passes read one immutable tree, so this is a bug; the receiver would reject the body anyway.
            throw new IllegalStateException("snapshot body was " + total + " bytes, then " + written);
        }
        PeerFrames.appendSnapshotEnd(w, sink.bodyCrc());
        hand(w);
        return total;
    }

    /** Worker: waits for a permit, then passes the frame in {@code w} to the event loop and empties {@code w}. */
    private void hand(JuteWriter w) {
        try {
            while (!permits.tryAcquire(PERMIT_POLL_MS, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new Cancelled();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        if (cancelled) {
            throw new Cancelled();
        }
        Buffer frame = Buffer.buffer(w.size()).appendBytes(w.array(), 0, w.size());
        w.reset();
        context.runOnContext(v -> link.snapshotFrame(this, frame));
    }

    /** Worker: cuts the body into SNAPSHOT_CHUNK frames of {@link #CHUNK_BYTES} and keeps its crc32c. */
    private final class ChunkSink implements ByteSink {
        private final JuteWriter w;
        private final CRC32C crc = new CRC32C();
        private int mark = -1;
        private int inFrame;

        ChunkSink(JuteWriter w) {
            this.w = w;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
            int at = offset;
            int left = length;
            while (left > 0) {
                if (mark < 0) {
                    mark = PeerFrames.beginSnapshotChunk(w);
                }
                int n = Math.min(left, CHUNK_BYTES - inFrame);
                w.writeBytes(bytes, at, n);
                inFrame += n;
                at += n;
                left -= n;
                if (inFrame == CHUNK_BYTES) {
                    closeFrame();
                }
            }
        }

        private void closeFrame() {
            PeerFrames.end(w, mark);
            mark = -1;
            inFrame = 0;
            hand(w);
        }

        void finish() {
            if (mark >= 0) {
                closeFrame();
            }
        }

        int bodyCrc() {
            return (int) crc.getValue();
        }
    }

    /** The transfer was cancelled; thrown through {@link TreeSnapshot#write} to end the worker. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("snapshot transfer cancelled", null, false, false);
        }
    }
}
