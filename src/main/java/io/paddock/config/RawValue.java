package io.paddock.config;

/**
 * One setting as the user wrote it, before it is parsed: the text and where it came from.
 *
 * <p>{@code origin} is what error messages name, e.g. {@code zoo.cfg key 'tickTime'} or
 * {@code flag --tick-ms}, so that a user can find the line to fix. {@code multiplier} scales a
 * numeric value into the unit of the {@link NodeConfig} component; it is 1024 for ZooKeeper keys
 * counted in KiB ({@code preAllocSize}) and 1 everywhere else. For list settings the text is the
 * comma-separated form. The ensemble members are structured, not text: for
 * {@link Setting#MEMBERS} {@code members} holds them (and {@code text} is only a summary for
 * messages); for every other setting it is null. Invariant: {@code multiplier >= 1}.
 */
record RawValue(String origin, String text, long multiplier, RawMembers members) {

    RawValue(String origin, String text) {
        this(origin, text, 1, null);
    }

    RawValue(String origin, String text, long multiplier) {
        this(origin, text, multiplier, null);
    }

    /** The value of {@link Setting#MEMBERS}. */
    static RawValue ofMembers(RawMembers members) {
        return new RawValue(members.origin(), members.members().size() + " members", 1, members);
    }
}
