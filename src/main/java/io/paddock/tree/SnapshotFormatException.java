package io.paddock.tree;

/**
 * A snapshot body that cannot be what {@link TreeSnapshot#write} produced: bad magic or version,
 * an impossible length, a node without its parent, a duplicate path, a child count that does not
 * match, trailing bytes, or a digest that differs from the rebuilt tree's. The message names the
 * snapshot. Thrown rather than returned because a damaged snapshot is never a client error.
 */
public final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String snapshotName, String problem) {
        super("snapshot " + snapshotName + ": " + problem);
    }
}
