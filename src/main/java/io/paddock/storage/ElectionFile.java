package io.paddock.storage;

import io.paddock.model.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The election state in {@code <dataDir>/election}: one line {@code epoch votedFor}, written
 * atomically (temp file, fsync, rename, directory fsync). A data directory from before this
 * file existed has ZooKeeper's {@code acceptedEpoch} (and {@code currentEpoch}) instead: the
 * highest of those is read as the epoch, with no vote (such directories were standalone nodes,
 * which never voted for another).
 *
 * <p>Immutable handle; blocking; for worker threads; writes are serialised by the caller.
 */
public final class ElectionFile implements ElectionStore {
    public static final String NAME = "election";

    private final Path dir;
    private final Path file;
    private final Path temp;

    public ElectionFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
        this.temp = dir.resolve(NAME + ".tmp");
    }

    public Path path() {
        return file;
    }

    @Override
    public Vote load() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            long accepted = Math.max(EpochFile.accepted(dir).readOr(0), EpochFile.current(dir).readOr(0));
            return new Vote(accepted, 0);
        }
        String[] words = text.split("\\s+");
        try {
            if (words.length != 2) {
                throw new NumberFormatException("expected 'epoch votedFor'");
            }
            Vote vote = new Vote(Long.parseLong(words[0]), Integer.parseInt(words[1]));
            if (vote.epoch() < 0 || vote.votedFor() < 0) {
                throw new NumberFormatException("negative value");
            }
            return vote;
        } catch (NumberFormatException e) {
            throw new IOException("malformed election state " + file + ": '" + text + "' (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void save(Vote vote) throws IOException {
        Check.that(vote.epoch() >= 0, "negative epoch %d", vote.epoch());
        DirectorySync.replaceAtomically(dir, file, temp, vote.epoch() + " " + vote.votedFor() + "\n");
    }
}
