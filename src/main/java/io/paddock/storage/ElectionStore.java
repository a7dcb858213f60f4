package io.paddock.storage;

import java.io.IOException;

/**
 * The node's durable election state (a stable store, as hashicorp/raft calls it): the highest
 * epoch it has seen and whom it voted for in it. {@link ElectionFile} keeps it in the data
 * directory; {@link MemElectionStore} is the in-memory twin. Blocking; callers serialise.
 */
public interface ElectionStore {
    /** The epoch and vote a node persists before acting on them. {@code votedFor} 0: nobody. */
    record Vote(long epoch, int votedFor) {
        public static final Vote NONE = new Vote(0, 0);
    }

    Vote load() throws IOException;

    /** Durably replaces the stored state; a crash leaves the old state or the new one. */
    void save(Vote vote) throws IOException;
}
