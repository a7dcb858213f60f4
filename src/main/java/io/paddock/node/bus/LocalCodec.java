package io.paddock.node.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Zero-copy codec for messages between this node's own verticles: {@code transform} hands the
 * same immutable record to the consumer. Never used on the wire.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
    private final String name;

    LocalCodec(Class<T> type) {
        this.name = "local:" + type.getName();
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        throw new UnsupportedOperationException(name);
    }

    @Override
    public T decodeFromWire(int position, Buffer buffer) {
        throw new UnsupportedOperationException(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
