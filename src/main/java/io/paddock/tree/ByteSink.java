package io.paddock.tree;

/**
 * Where {@link TreeSnapshot#write} puts the bytes of a snapshot body. The tree stays free of
 * java.io: the storage side adapts a file channel to this, and reports I/O failures by throwing
 * an unchecked exception, which passes through the writer untouched.
 *
 * <p>The array is only valid during the call; the sink must copy what it keeps.
 */
@FunctionalInterface
public interface ByteSink {
    void write(byte[] bytes, int offset, int length);
}
