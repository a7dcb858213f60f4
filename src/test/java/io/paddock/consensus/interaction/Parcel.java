package io.paddock.consensus.interaction;

import io.paddock.consensus.PeerMessage;

/**
 * What travels between two nodes of the harness: a {@link PeerMessage}, or a snapshot the
 * leader's shell streams to a follower after a Ready listed it in {@code snapshotsToSend}
 * (the harness has no tree, so a snapshot is just the leader's applied zxid and epoch).
 *
 * <p>Immutable.
 */
sealed interface Parcel permits Parcel.Message, Parcel.Snapshot {
    int from();

    int to();

    record Message(PeerMessage message) implements Parcel {
        @Override
        public int from() {
            return message.from();
        }

        @Override
        public int to() {
            return message.to();
        }
    }

    /** The leader's applied state at {@code zxid}, sent as leader of {@code epoch}. */
    record Snapshot(int from, int to, long epoch, long zxid) implements Parcel {}
}
