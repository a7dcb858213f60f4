package io.paddock.node.tools;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One direction of a proxied connection: every buffer read from {@code source} is written to
 * {@code target}, in order. The source is paused while the pipe is stalled (a fault) or while
 * the target's write queue is full (ordinary backpressure), and resumed when neither holds, so
 * a stall stops reading and TCP flow control backs the sender up; nothing read is dropped.
 * When the source ends, the target is closed once the last write has gone out, so a close
 * travels behind the data, as a FIN would; while stalled, the end waits in the source's
 * paused queue like any data.
 *
 * <p>Runs on the proxy verticle's event loop only (both sockets belong to its context); no
 * field is touched from another thread. Invariant: the source is paused exactly when
 * {@code stalled || targetFull}.
 */
final class Pipe {
    private final NetSocket source;
    private final NetSocket target;
    private boolean stalled;
    private boolean targetFull;
    private long bytes;
    private Future<Void> lastWrite = Future.succeededFuture();

    Pipe(NetSocket source, NetSocket target, boolean stalled) {
        this.source = source;
        this.target = target;
        this.stalled = stalled;
        source.handler(this::forward);
        source.endHandler(ignored -> lastWrite.onComplete(done -> target.close()));
        target.drainHandler(ignored -> {
            targetFull = false;
            apply();
        });
        apply();
    }

    /** Bytes forwarded so far. */
    long bytes() {
        return bytes;
    }

    void stall(boolean stall) {
        stalled = stall;
        apply();
    }

    private void forward(Buffer data) {
        bytes += data.length();
        lastWrite = target.write(data);
        if (target.writeQueueFull()) {
            targetFull = true;
            apply();
        }
    }

    private void apply() {
        if (stalled || targetFull) {
            source.pause();
        } else {
            source.resume();
        }
    }
}
