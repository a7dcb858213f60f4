package io.paddock.storage;

/**
 * The fields of a snapshot file's header, plus the size of its body.
 *
 * @param serverId the node that wrote the snapshot
 * @param zxid the zxid the snapshot is exact at (the tree's lastZxid)
 * @param epoch the node's current epoch when it wrote the snapshot
 * @param bodyBytes bytes between header and trailer
 */
public record SnapshotHeader(int serverId, long zxid, long epoch, long bodyBytes) {}
