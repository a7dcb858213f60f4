package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One durable long in a small text file, as ZooKeeper keeps {@code currentEpoch} and
 * {@code acceptedEpoch}: the decimal value and a newline. A write is atomic: temp file, fsync,
 * rename over the old file, fsync the directory; a crash leaves the old value or the new one.
 *
 * <p>Immutable handle; blocking; for worker threads. Two writers of the same file must be
 * serialised by the caller.
 */
public final class EpochFile {
    public static final String CURRENT_EPOCH = "currentEpoch";
    public static final String ACCEPTED_EPOCH = "acceptedEpoch";

    private final Path dir;
    private final Path file;
    private final Path temp;

    public EpochFile(Path dir, String name) {
        Check.that(!name.isEmpty() && !name.contains("/"), "bad epoch file name");
        this.dir = dir;
        this.file = dir.resolve(name);
        this.temp = dir.resolve(name + ".tmp");
    }

    public static EpochFile current(Path dir) {
        return new EpochFile(dir, CURRENT_EPOCH);
    }

    public static EpochFile accepted(Path dir) {
        return new EpochFile(dir, ACCEPTED_EPOCH);
    }

    public Path path() {
        return file;
    }

    /** The stored value; empty if the file does not exist; IOException if it is malformed. */
    public OptionalLong read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("malformed epoch file " + file + ": '" + text + "'", e);
        }
    }

    /** The stored value, or {@code missing} if there is no file yet. */
    public long readOr(long missing) throws IOException {
        return read().orElse(missing);
    }

    /** Durably replaces the stored value. */
    public void write(long epoch) throws IOException {
        Check.that(epoch >= 0, "negative epoch %d", epoch);
        DirectorySync.replaceAtomically(dir, file, temp, epoch + "\n");
        Check.that(read().orElse(-1) == epoch, "epoch file %s did not read back", epoch);
    }
}
