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

    /** True when the caller's address lies in the ACL's {@code address[/bits]} prefix (same family only). */
    static boolean ipMatches(String aclExpr, String callerAddress) {
        int slash = aclExpr.indexOf('/');
        byte[] network = parseAddress(slash < 0 ? aclExpr : aclExpr.substring(0, slash));
        byte[] caller = parseAddress(callerAddress);
        if (network == null || caller == null || network.length != caller.length) {
            return false;
        }
        int bits = network.length * 8;
        if (slash >= 0) {
            bits = parseDecimal(aclExpr, slash + 1, aclExpr.length(), network.length * 8);
            if (bits < 0) {
                return false;
            }
        }
        for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((network[i] & mask) != (caller[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** IPv4 (4 bytes) or IPv6 (16 bytes), or null when not an address. Brackets and a zone id are ignored. */
    static byte[] parseAddress(String text) {
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') >= 0) {
            return parseIpv6(s);
        }
        byte[] out = new byte[4];
        return parseIpv4(s, out, 0) ? out : null;
    }

    private static boolean parseIpv4(String s, byte[] out, int offset) {
        int start = 0;
        for (int part = 0; part < 4; part++) {
            int end = part == 3 ? s.length() : s.indexOf('.', start);
            if (end < 0) {
                return false;
            }
            int value = parseDecimal(s, start, end, 255);
            if (value < 0) {
                return false;
            }
            out[offset + part] = (byte) value;
            start = end + 1;
        }
        return true;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] out = new byte[16];
        if (gap < 0) {
            return parseGroups(s, out, 0, 16) == 16 ? out : null;
        }
        byte[] tail = new byte[16];
        int head = parseGroups(s.substring(0, gap), out, 0, 16);
        int tailLength = parseGroups(s.substring(gap + 2), tail, 0, 16);
        if (head < 0 || tailLength < 0 || head + tailLength > 14) {
            return null;
        }
        System.arraycopy(tail, 0, out, 16 - tailLength, tailLength);
        return out;
    }

    /** Parses colon-separated hex groups (the last may be dotted IPv4); returns bytes written or -1. */
    private static int parseGroups(String s, byte[] out, int offset, int limit) {
        if (s.isEmpty()) {
            return 0;
        }
        int written = 0;
        int start = 0;
        while (true) {
            int end = s.indexOf(':', start);
            String group = s.substring(start, end < 0 ? s.length() : end);
            if (end < 0 && group.indexOf('.') >= 0) {
                if (written + 4 > limit || !parseIpv4(group, out, offset + written)) {
                    return -1;
                }
                return written + 4;
            }
            if (group.isEmpty() || group.length() > 4 || written + 2 > limit) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < group.length(); i++) {
                int d = Character.digit(group.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                value = value * 16 + d;
            }
            out[offset + written] = (byte) (value >>> 8);
            out[offset + written + 1] = (byte) value;
            written += 2;
            if (end < 0) {
                return written;
            }
            start = end + 1;
        }
    }

    /** A decimal in [0, max] spanning s[start, end), or -1. */
    private static int parseDecimal(String s, int start, int end, int max) {
        if (start >= end || end - start > 10) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? (int) value : -1;
    }
}
