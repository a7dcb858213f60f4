package io.paddock.node;

import io.paddock.config.NodeConfig;
import io.paddock.consensus.CoreConfig;
import io.paddock.replica.ReplicaConfig;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ensemble as this node sees it, derived once from the {@link NodeConfig}: its members
 * (empty for a standalone node), and the timing of the consensus core in milliseconds and in
 * ticks. Immutable.
 *
 * @param heartbeatMs the length of one consensus tick; the leader heartbeats every tick
 * @param electionTimeoutMs the shortest silence after which a follower campaigns
 * @param leaderlessHoldMs how long client connections are held open without a leader
 */
public record ClusterSettings(int selfId, List<Peer> members, int heartbeatMs, int electionTimeoutMs,
                              int leaderlessHoldMs, int windowTxns, long windowBytes, long peerBytesInFlightMax,
                              int snapshotTimeoutMs) {
    /** One member: where its peers reach it, where its clients do, and whether it votes. */
    public record Peer(int id, String host, int peerPort, int clientPort, boolean observer) {}

    public ClusterSettings {
        members = List.copyOf(members);
    }

    public static ClusterSettings of(NodeConfig config) {
        List<Peer> peers = new java.util.ArrayList<>();
        for (io.paddock.config.Member member : config.members()) {
            peers.add(new Peer(member.id(), member.host(), member.peerPort(), member.clientPort(),
                    !member.isParticipant()));
        }
        int snapshotTimeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(10_000L, (long) config.initLimit() * config.tickMs()));
        return new ClusterSettings(config.serverId(), peers, config.heartbeatMs(), config.electionTimeoutMs(),
                config.leaderlessHoldMs(), config.diffWindowTxns(), config.diffWindowBytes(),
                config.peerBytesInFlightMax(), snapshotTimeoutMs);
    }

    public boolean standalone() {
        return members.isEmpty();
    }

    public Peer self() {
        return member(selfId);
    }

    public Peer member(int id) {
        for (Peer peer : members) {
            if (peer.id() == id) {
                return peer;
            }
        }
        return null;
    }

    /** The consensus core's settings: timeouts in ticks, and the voters (this node alone when standalone). */
    public CoreConfig coreConfig() {
        Set<Integer> voters = new TreeSet<>();
        Set<Integer> observers = new TreeSet<>();
        for (Peer peer : members) {
            (peer.observer() ? observers : voters).add(peer.id());
        }
        if (members.isEmpty()) {
            voters.add(selfId);
        }
        int electionTicks = Math.max(2, electionTimeoutMs / heartbeatMs);
        // The DIFF window serves followers; a standalone node has none, so it holds no applied txns.
        int keptTxns = members.isEmpty() ? 0 : windowTxns;
        long keptBytes = members.isEmpty() ? 0 : windowBytes;
        return new CoreConfig(selfId, voters, observers, electionTicks, keptTxns, keptBytes, 1L << 20,
                Math.max(1L << 20, peerBytesInFlightMax / 2), Math.max(2, snapshotTimeoutMs / heartbeatMs));
    }

    public ReplicaConfig replicaConfig(NodeConfig config) {
        int containerTicks = Math.max(1, config.containerCheckIntervalMs() / heartbeatMs);
        // ZooKeeper sweeps TTL znodes in the container pass; ttlCheckIntervalMs can only make it more often.
        int ttlTicks = Math.max(1, Math.min(config.containerCheckIntervalMs(), config.ttlCheckIntervalMs()) / heartbeatMs);
        return new ReplicaConfig(coreConfig(), config.tickMs(), config.extendedTypesEnabled(), containerTicks, ttlTicks,
                Math.max(1, config.containerMaxPerMinute()), Math.max(1000, config.globalOutstandingLimit() * 2));
    }
}
