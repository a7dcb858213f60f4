package io.paddock.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The on-disk log is damaged in a way that a crash cannot explain (a bad record followed by good
 * ones, a bad header on a segment that is not the newest, a CRC-valid record whose zxid goes
 * backwards). The node must stop and an operator must look: the message names the file and the
 * byte offset of the first bad byte range.
 */
public final class CorruptLogException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public CorruptLogException(Path file, long offset, String reason) {
        super("corrupt txn log " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged segment file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
