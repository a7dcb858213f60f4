package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.EphemeralOwner;
import io.paddock.model.Stat;
import java.util.List;

/**
 * One znode as stored: immutable, shared between tree versions. {@code cversion} is the
 * internal count of children ever created (ZooKeeper's internal cversion; the sequential
 * suffix), {@code numChildren} the current child count, {@code ephemeralOwner} the stored
 * encoding ({@link EphemeralOwner}). {@code data} is owned and never mutated.
 *
 * <p>Invariant: numChildren &gt;= 0; version, aversion wrap as Java ints.
 */
public record Znode(byte[] data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
                    int version, int cversion, int aversion, long ephemeralOwner, long pzxid,
                    int numChildren) {

    /** The Stat a client sees: visible cversion = 2 * creations - numChildren, owner 0 for containers/TTL. */
    public Stat stat() {
        return new Stat(czxid, mzxid, ctime, mtime, version, 2 * cversion - numChildren, aversion,
                EphemeralOwner.visible(ephemeralOwner), data == null ? 0 : data.length, numChildren, pzxid);
    }
}
