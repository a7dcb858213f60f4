package io.paddock.storage;

import java.nio.file.Path;

/**
 * The on-disk log is damaged in a way that a crash cannot explain (a bad record followed by good
 * ones, a bad header on a segment that is not the newest, a CRC-valid record whose zxid goes
 * backwards). The node must stop and an operator must look: the message names the file and the
 * byte offset of the first bad byte range.
 */
public final class CorruptLogException extends CorruptFileException {
    private static final long serialVersionUID = 1L;

    public CorruptLogException(Path file, long offset, String reason) {
        super("corrupt txn log", file, offset, reason);
    }
}
