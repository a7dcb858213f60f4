package io.paddock.config;

import java.util.Objects;

/**
 * One server of an ensemble as the configuration describes it: its id, where its peers reach it,
 * and where its ZooKeeper clients connect.
 *
 * <p>A plain immutable value with no thread affinity. Invariants, enforced by
 * {@link ConfigLoader} and not re-checked here (tests and the simulator may build odd members):
 * {@code 1 <= id <= 254} (the id is the top byte of the member's session ids, and 255 is taken
 * by ZooKeeper's TTL ephemeral-owner encoding); {@code host} is not blank;
 * {@code 0 <= clientPort <= 65535}; {@code 1 <= peerPort <= 65535}. The constructor only
 * guarantees non-null references.
 *
 * @param id the member's server id, ZooKeeper's {@code myid}
 * @param host host name or IP address its peers connect to, without brackets for IPv6
 * @param clientPort its ZooKeeper client port, or 0 when the configuration does not say
 *     ({@code server.N} lines without a {@code ;clientPort} suffix)
 * @param peerPort the one TCP port for node-to-node traffic (election and replication); this is
 *     ZooKeeper's quorum port, the first port of a {@code server.N} line
 * @param role whether it votes
 */
public record Member(int id, String host, int clientPort, int peerPort, MemberRole role) {

    public Member {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(role, "role");
    }

    public boolean isParticipant() {
        return role == MemberRole.PARTICIPANT;
    }
}
