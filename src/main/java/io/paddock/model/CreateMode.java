package io.paddock.model;

/** Create modes by their wire flag value ({@code CreateMode}). */
public enum CreateMode {
    PERSISTENT(0, false, false),
    EPHEMERAL(1, true, false),
    PERSISTENT_SEQUENTIAL(2, false, true),
    EPHEMERAL_SEQUENTIAL(3, true, true),
    CONTAINER(4, false, false),
    PERSISTENT_WITH_TTL(5, false, false),
    PERSISTENT_SEQUENTIAL_WITH_TTL(6, false, true);

    public final int flag;
    public final boolean ephemeral;
    public final boolean sequential;

    CreateMode(int flag, boolean ephemeral, boolean sequential) {
        this.flag = flag;
        this.ephemeral = ephemeral;
        this.sequential = sequential;
    }

    public boolean isContainer() {
        return this == CONTAINER;
    }

    public boolean isTtl() {
        return this == PERSISTENT_WITH_TTL || this == PERSISTENT_SEQUENTIAL_WITH_TTL;
    }

    /** The mode for a wire flag, or null when the flag is not a known mode (BADARGUMENTS). */
    public static CreateMode fromFlag(int flag) {
        CreateMode[] all = values();
        return flag >= 0 && flag < all.length ? all[flag] : null;
    }
}
