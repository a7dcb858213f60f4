package io.paddock.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What an ensemble member does in consensus: a participant votes in elections and its acks count
 * towards the quorum; an observer receives and applies commits but never votes and is never
 * counted. These are ZooKeeper's two learner types, spelled as in {@code zoo.cfg}
 * ({@code server.N=...:observer}) and in Paddock JSON ({@code "role": "observer"}).
 * An immutable constant; safe from any thread.
 */
public enum MemberRole {
    PARTICIPANT,
    OBSERVER;

    /** The lower-case word used in files: {@code participant} or {@code observer}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code participant} or {@code observer} in any case, as ZooKeeper does; empty otherwise. */
    static Optional<MemberRole> parse(String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        for (MemberRole role : values()) {
            if (role.word().equals(word)) return Optional.of(role);
        }
        return Optional.empty();
    }
}
