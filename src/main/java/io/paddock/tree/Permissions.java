package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import java.util.List;

/**
 * The ACL check ({@code ZooKeeperServer.checkACL}, zk-protocol.md 9.2): a caller is allowed
 * when the node's ACL is null or empty, when it holds a {@code super} id, or when some entry
 * grants any of the required bits to an id that matches one of the caller's ids of the same
 * scheme ({@code world:anyone} matches everybody, {@code ip} is a prefix match, every other
 * scheme an exact match).
 *
 * <p>Stateless, allocation free for the common schemes; safe from any thread. The integrator
 * may fold this into the tree's {@code Acls}.
 */
final class Permissions {
    private Permissions() {}

    /** True when the caller with {@code callerIds} holds any bit of {@code perm} on a node with {@code acl}. */
    static boolean permits(List<Acl> acl, List<Id> callerIds, int perm) {
        if (acl == null || acl.isEmpty()) {
            return true;
        }
        for (int i = 0, n = callerIds.size(); i < n; i++) {
            if ("super".equals(callerIds.get(i).scheme())) {
                return true;
            }
        }
        for (int i = 0, n = acl.size(); i < n; i++) {
            Acl entry = acl.get(i);
            if ((entry.perms() & perm) != 0 && grantsTo(entry.id(), callerIds)) {
                return true;
            }
        }
        return false;
    }

    private static boolean grantsTo(Id aclId, List<Id> callerIds) {
        String scheme = aclId.scheme();
        if ("world".equals(scheme) && "anyone".equals(aclId.id())) {
            return true;
        }
        for (int i = 0, n = callerIds.size(); i < n; i++) {
            Id caller = callerIds.get(i);
            if (scheme.equals(caller.scheme()) && idMatches(scheme, caller.id(), aclId.id())) {
                return true;
            }
        }
        return false;
    }

    private static boolean idMatches(String scheme, String callerId, String aclId) {
        if ("ip".equals(scheme)) {
            return IpAcl.matches(callerId, aclId);
        }
        return callerId.equals(aclId);
    }
}
