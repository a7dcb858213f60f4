package io.paddock.config;

/**
 * One ensemble member as written, field by field, before it is parsed: each field is a
 * {@link RawValue} whose origin names it ({@code members[2].peerPort},
 * {@code zoo.cfg key 'server.3' (quorum port)}), or null when the source left it out.
 *
 * <p>{@code clientAddress} and {@code electionPort} exist only in zoo.cfg lines: the first may
 * give this server's client bind address, the second is checked and then dropped, because
 * Paddock uses one peer port per node. {@code malformed} marks an entry whose syntax error the
 * reader has already reported; it is skipped without further messages, and the checks across
 * members are not run, since they would report consequences of that error. A plain value,
 * confined to the loading thread.
 */
record RawMember(String origin, RawValue id, RawValue host, RawValue clientAddress, RawValue clientPort,
                 RawValue peerPort, RawValue electionPort, RawValue role, boolean malformed) {

    /** An entry the reader could not take apart; its error is already reported. */
    static RawMember malformed(String origin) {
        return new RawMember(origin, null, null, null, null, null, null, null, true);
    }
}
