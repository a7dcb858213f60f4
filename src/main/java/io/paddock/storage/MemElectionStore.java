package io.paddock.storage;

/** The in-memory twin of {@link ElectionFile}. Not thread-safe. */
public final class MemElectionStore implements ElectionStore {
    private Vote vote = Vote.NONE;

    @Override
    public Vote load() {
        return vote;
    }

    @Override
    public void save(Vote vote) {
        this.vote = vote;
    }
}
