package io.paddock.consensus;

/**
 * The role a replica plays in its current epoch, in ZooKeeper's words: LOOKING (no leader
 * known; campaigning or waiting), LEADING, FOLLOWING (a voter that follows a leader) and
 * OBSERVING (a non-voting member, with or without a leader).
 */
public enum Role {
    LOOKING, LEADING, FOLLOWING, OBSERVING
}
