package io.paddock.config;

import java.util.List;

/**
 * The ensemble members as one source wrote them (a JSON {@code members} array, the
 * {@code server.N} lines of a zoo.cfg, or the {@code --members} flag), before validation.
 *
 * <p>{@code origin} names the whole list in messages about it ({@code JSON key 'members'}).
 * {@code peerType} is zoo.cfg's statement of this server's own role, or null; it is checked
 * against this server's line once the server id is known. A plain value, confined to the
 * loading thread. Invariant: {@code members} is unmodifiable and in the order written.
 */
record RawMembers(String origin, List<RawMember> members, RawValue peerType) {

    RawMembers {
        members = List.copyOf(members);
    }
}
