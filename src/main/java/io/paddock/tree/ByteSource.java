package io.paddock.tree;

/**
 * Where {@link TreeSnapshot#read} takes the bytes of a snapshot body from: fills up to
 * {@code length} bytes and returns how many it filled (at least 1), or -1 at the end of the body.
 * I/O failures are thrown unchecked by the implementation and pass through the reader.
 */
@FunctionalInterface
public interface ByteSource {
    int read(byte[] bytes, int offset, int length);
}
