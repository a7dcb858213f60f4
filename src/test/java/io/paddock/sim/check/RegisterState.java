package io.paddock.sim.check;

/**
 * The state of one znode in the register model: absent, or present with its data and version.
 *
 * <p>Immutable value, usable from any thread; equal states behave the same under every future
 * operation, which is what the search's memo needs. A present state may hold an <em>unread</em>
 * value instead of its data: some value that no completed read of the history returned. Which one
 * it is cannot matter (every read would fail on it alike), so the model of one history merges all
 * of them, and the search sees fewer states. Invariants: an absent state has no value, version -1
 * and is not unread (so all absent states are equal); a present one has version &gt;= 0; an
 * unread one has a null value.
 *
 * @param exists      whether the znode exists
 * @param value       its data (null for null data, and for an unread value)
 * @param version     its data version: 0 after create, +1 per setData
 * @param unreadValue whether the data is a value no read returned
 */
public record RegisterState(boolean exists, String value, int version, boolean unreadValue) {
    /** The znode does not exist (the state before any create, and after a delete). */
    public static final RegisterState ABSENT = new RegisterState(false, null, -1, false);

    /** Checks the invariants. */
    public RegisterState {
        if (!exists && (value != null || version != -1 || unreadValue)) {
            throw new IllegalArgumentException("an absent znode has no value or version");
        }
        if (exists && version < 0) {
            throw new IllegalArgumentException("a present znode has a version >= 0, got " + version);
        }
        if (unreadValue && value != null) {
            throw new IllegalArgumentException("an unread value is not kept");
        }
    }

    /** A present znode holding {@code value}. */
    public static RegisterState present(String value, int version) {
        return new RegisterState(true, value, version, false);
    }

    /** A present znode holding some value that no read returned. */
    public static RegisterState presentUnread(int version) {
        return new RegisterState(true, null, version, true);
    }

    /** For explanations: {@code absent}, {@code exists v=w7 ver=2}, or {@code exists v=<unread> ver=2}. */
    public String describe() {
        if (!exists) {
            return "absent";
        }
        return "exists v=" + (unreadValue ? "<unread>" : ZkInput.show(value)) + " ver=" + version;
    }
}
