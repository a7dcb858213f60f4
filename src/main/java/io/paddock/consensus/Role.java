package io.paddock.consensus;

/** The role a replica plays in its current epoch. */
public enum Role {
    LOOKING, LEADING, FOLLOWING
}
