package io.paddock.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that is damaged; the message names the file and the byte offset of the damage. */
public abstract class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    protected CorruptFileException(String what, Path file, long offset, String reason) {
        super(what + " " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the damage starts (or was detected). */
    public long offset() {
        return offset;
    }
}
