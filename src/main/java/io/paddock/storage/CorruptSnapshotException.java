package io.paddock.storage;

import java.nio.file.Path;

/**
 * A snapshot file that is not what {@link SnapshotStore} wrote: bad magic, header CRC, version,
 * truncated, or a whole-file CRC32C mismatch. Recovery skips such a file in favour of an older
 * one; the verify tool reports it. The message names the file and the offset where the damage
 * was detected (for a whole-file CRC mismatch, the start of the checked range).
 */
public final class CorruptSnapshotException extends CorruptFileException {
    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(Path file, long offset, String reason) {
        super("damaged snapshot", file, offset, reason);
    }
}
