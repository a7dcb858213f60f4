package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import java.util.List;

/**
 * ZooKeeper's ACL permission check, as a pure function. A request is allowed when the node's ACL
 * is null or empty, when the caller holds a {@code super} id, or when some ACL entry grants any
 * of the requested bits to an id that matches one of the caller's ids: {@code world:anyone}
 * matches everyone, {@code ip} entries are address prefixes ({@code a.b.c.d}, {@code a.b.c.d/bits},
 * IPv6 likewise, hand-parsed because the tree may not touch java.net), every other scheme is an
 * exact match of scheme and id. Stateless and thread-safe.
 */
public final class Acls {
    private Acls() {}

    public static boolean permits(List<Acl> acl, List<Id> ids, int perm) {
        if (acl == null || acl.isEmpty()) {
            return true;
        }
        for (int i = 0; i < ids.size(); i++) {
            if ("super".equals(ids.get(i).scheme())) {
                return true;
            }
        }
        for (int a = 0; a < acl.size(); a++) {
            Acl entry = acl.get(a);
            if ((entry.perms() & perm) != 0 && matchesAny(entry.id(), ids)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(Id aclId, List<Id> ids) {
        String scheme = aclId.scheme();
        if ("world".equals(scheme) && "anyone".equals(aclId.id())) {
            return true;
        }
        boolean ip = "ip".equals(scheme);
        for (int i = 0; i < ids.size(); i++) {
            Id caller = ids.get(i);
            if (!scheme.equals(caller.scheme())) {
                continue;
            }
            if (ip ? ipMatches(aclId.id(), caller.id()) : aclId.id().equals(caller.id())) {
                return true;
            }
        }
        return false;
    }

    /** True when the caller's address lies in the ACL's {@code address[/bits]} network ({@link IpAcl}). */
    static boolean ipMatches(String aclExpr, String callerAddress) {
        return IpAcl.matches(callerAddress, aclExpr);
    }
}
