package io.paddock.tree;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation and expansion of the ACL list of a create or setACL ({@code fixupACL},
 * zk-protocol.md 9.2): duplicates are dropped first (keeping the first of each, in order),
 * then every entry must be {@code world:anyone}, {@code auth:*} (replaced by one entry per
 * authenticated id of the caller, with the entry's perms), {@code digest:user:hash} (exactly
 * two ':'-separated parts, as {@code String.split} counts them) or a valid {@code ip} address
 * or network. Anything else, an empty list, or an {@code auth} entry from a caller with no
 * authenticated id is INVALIDACL. Permission bits are not checked, as in ZooKeeper.
 *
 * <p>Authenticated ids are those of every scheme but {@code ip}, {@code world} and
 * {@code super} (ZooKeeper: providers whose {@code isAuthenticated()} is true; {@code super}
 * has no provider).
 *
 * <p>Stateless; safe from any thread. The common list (no duplicates, no {@code auth}) is
 * returned as given, without copying.
 */
public final class AclPolicy {
    private AclPolicy() {}

    /**
     * The list to store, or null when {@code acl} is invalid (the caller answers INVALIDACL).
     * {@code authIds} are the caller's identities.
     */
    public static List<Acl> fixup(List<Acl> acl, List<Id> authIds) {
        if (acl == null || acl.isEmpty()) {
            return null;
        }
        List<Acl> unique = hasDuplicates(acl) ? removeDuplicates(acl) : acl;
        boolean expand = false;
        for (int i = 0, n = unique.size(); i < n; i++) {
            Acl entry = unique.get(i);
            if (entry == null || entry.id() == null || entry.id().scheme() == null) {
                return null;
            }
            if ("auth".equals(entry.id().scheme())) {
                expand = true;
            } else if (!isValidId(entry.id())) {
                return null;
            }
        }
        return expand ? expandAuth(unique, authIds) : unique;
    }

    /** True when a non-auth ACL id names a known scheme with a well-formed id. */
    static boolean isValidId(Id id) {
        String value = id.id();
        if (value == null) {
            return false;
        }
        return switch (id.scheme()) {
            case "world" -> "anyone".equals(value);
            case "digest" -> splitCount(value) == 2;
            case "ip" -> IpAcl.isValid(value);
            default -> false;
        };
    }

    /** True for caller ids that an {@code auth} ACL entry expands to. */
    static boolean isAuthenticated(Id id) {
        String scheme = id.scheme();
        return !"ip".equals(scheme) && !"world".equals(scheme) && !"super".equals(scheme);
    }

    private static List<Acl> expandAuth(List<Acl> unique, List<Id> authIds) {
        List<Acl> expanded = new ArrayList<>(unique.size() + authIds.size());
        for (int i = 0, n = unique.size(); i < n; i++) {
            Acl entry = unique.get(i);
            if (!"auth".equals(entry.id().scheme())) {
                expanded.add(entry);
                continue;
            }
            boolean any = false;
            for (int j = 0, m = authIds.size(); j < m; j++) {
                Id caller = authIds.get(j);
                if (isAuthenticated(caller)) {
                    expanded.add(new Acl(entry.perms(), caller));
                    any = true;
                }
            }
            if (!any) {
                return null;
            }
        }
        return expanded;
    }

    /**
     * How many parts {@code value.split(":")} yields: trailing empty parts are dropped, and an
     * empty string is one part (ZooKeeper's digest id check is {@code split(":").length == 2}).
     */
    static int splitCount(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == ':') {
            end--;
        }
        if (end == 0) {
            return value.isEmpty() ? 1 : 0;
        }
        int parts = 1;
        for (int i = 0; i < end; i++) {
            if (value.charAt(i) == ':') {
                parts++;
            }
        }
        return parts;
    }

    private static boolean hasDuplicates(List<Acl> acl) {
        for (int i = 1, n = acl.size(); i < n; i++) {
            Acl entry = acl.get(i);
            for (int j = 0; j < i; j++) {
                if (java.util.Objects.equals(entry, acl.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Acl> removeDuplicates(List<Acl> acl) {
        List<Acl> unique = new ArrayList<>(acl.size());
        for (int i = 0, n = acl.size(); i < n; i++) {
            Acl entry = acl.get(i);
            if (!unique.contains(entry)) {
                unique.add(entry);
            }
        }
        return unique;
    }
}
