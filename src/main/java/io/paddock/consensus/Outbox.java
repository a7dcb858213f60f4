package io.paddock.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the messages and results of the core's current steps until the next
 * {@link ReplicaCore#ready()} takes them. Confined to the core's thread.
 */
final class Outbox {
    private List<PeerMessage> now = new ArrayList<>();
    private List<PeerMessage> afterPersist = new ArrayList<>();
    private List<Ready.ReadState> readStates = new ArrayList<>();
    private List<Integer> snapshots = new ArrayList<>();

    void now(PeerMessage message) {
        now.add(message);
    }

    void afterPersist(PeerMessage message) {
        afterPersist.add(message);
    }

    /** The log was cut after {@code zxid}: acknowledgements beyond it must never leave. */
    void truncated(long zxid) {
        Ready.dropAcksBeyond(afterPersist, zxid);
    }

    void readState(long requestId, long readZxid) {
        readStates.add(new Ready.ReadState(requestId, readZxid));
    }

    void snapshot(int peer) {
        snapshots.add(peer);
    }

    boolean hasAny() {
        return !now.isEmpty() || !afterPersist.isEmpty() || !readStates.isEmpty() || !snapshots.isEmpty();
    }

    List<PeerMessage> takeNow() {
        List<PeerMessage> taken = now;
        now = new ArrayList<>();
        return taken;
    }

    List<PeerMessage> takeAfterPersist() {
        List<PeerMessage> taken = afterPersist;
        afterPersist = new ArrayList<>();
        return taken;
    }

    List<Ready.ReadState> takeReadStates() {
        List<Ready.ReadState> taken = readStates;
        readStates = new ArrayList<>();
        return taken;
    }

    List<Integer> takeSnapshots() {
        List<Integer> taken = snapshots;
        snapshots = new ArrayList<>();
        return taken;
    }
}
