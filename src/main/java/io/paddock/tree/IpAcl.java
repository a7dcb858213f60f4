package io.paddock.tree;

/**
 * The {@code ip} ACL scheme ({@code IPAuthenticationProvider}): an ACL id is an IPv4 or IPv6
 * address with an optional {@code /bits} prefix length, and it matches a caller whose
 * {@code ip} identity has the same leading bits. Parsing follows ZooKeeper's own rules (text
 * with a ':' is IPv6, text with a '.' is IPv4; numbers as {@code Integer.parseInt} reads them)
 * so that the same ACLs are accepted and rejected.
 *
 * <p>Stateless; safe from any thread. ACL creation and ip-ACL checks are rare, so this favours
 * fidelity over speed.
 */
final class IpAcl {
    private static final int V6_SEGMENTS = 8;
    private static final int V6_BYTES = 16;

    private IpAcl() {}

    /** True when {@code aclId} is an address, optionally followed by "/bits" within the address width. */
    static boolean isValid(String aclId) {
        String[] parts = aclId.split("/", 2);
        byte[] address = parse(parts[0]);
        if (address == null) {
            return false;
        }
        return parts.length == 1 || prefixBits(parts[1], address.length) >= 0;
    }

    /** True when the caller address {@code callerIp} falls in the ACL's {@code aclId} network. */
    static boolean matches(String callerIp, String aclId) {
        String[] parts = aclId.split("/", 2);
        byte[] network = parse(parts[0]);
        if (network == null) {
            return false;
        }
        int bits = network.length * 8;
        if (parts.length == 2) {
            bits = prefixBits(parts[1], network.length);
            if (bits < 0) {
                return false;
            }
        }
        byte[] caller = parse(callerIp);
        if (caller == null || caller.length != network.length) {
            return false;
        }
        for (int i = 0; i < caller.length; i++) {
            int mask = maskByte(i, bits);
            if ((caller[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The address bytes (4 or 16), or null when the text is not an address. */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        if (text.indexOf('.') >= 0) {
            return parseV4(text);
        }
        return null;
    }

    /** The prefix length, or -1 when it is not a number in [0, width in bits]. */
    private static int prefixBits(String text, int addressBytes) {
        long bits = parseInt(text, 10);
        return bits < 0 || bits > addressBytes * 8L ? -1 : (int) bits;
    }

    private static int maskByte(int index, int bits) {
        int covered = bits - index * 8;
        if (covered >= 8) {
            return 0xff;
        }
        return covered <= 0 ? 0 : (0xff << (8 - covered)) & 0xff;
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            long value = parseInt(parts[i], 10);
            if (value < 0 || value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    private static byte[] parseV6(String text) {
        String[] halves = text.split("::", -1);
        String[] head;
        String[] tail = new String[0];
        if (halves.length == 1) {
            head = halves[0].split(":", -1);
            if (head.length != V6_SEGMENTS) {
                return null;
            }
        } else if (halves.length == 2) {
            head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            tail = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            if (head.length + tail.length >= V6_SEGMENTS) {
                return null;
            }
        } else {
            return null;
        }
        byte[] address = new byte[V6_BYTES];
        boolean ok = fillV6(address, 0, head) && fillV6(address, V6_BYTES - tail.length * 2, tail);
        return ok ? address : null;
    }

    private static boolean fillV6(byte[] address, int offset, String[] segments) {
        int at = offset;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.length() > 4) {
                return false;
            }
            long value = parseSignedInt(segment, 16);
            if (value == Long.MIN_VALUE) {
                return false;
            }
            address[at++] = (byte) (value >> 8);
            address[at++] = (byte) value;
        }
        return true;
    }

    /** {@link #parseSignedInt} restricted to non-negative results; -1 when invalid or negative. */
    private static long parseInt(String text, int radix) {
        long value = parseSignedInt(text, radix);
        return value == Long.MIN_VALUE || value < 0 ? -1 : value;
    }

    /**
     * What {@code Integer.parseInt(text, radix)} returns, or Long.MIN_VALUE where it would throw
     * (ZooKeeper accepts a leading sign, so "-0" and "+5" are numbers here too).
     */
    static long parseSignedInt(String text, int radix) {
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (i == length) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < length; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0) {
                return Long.MIN_VALUE;
            }
            value = value * radix + digit;
            if (value > (long) Integer.MAX_VALUE + 1) {
                return Long.MIN_VALUE;
            }
        }
        value = negative ? -value : value;
        return value > Integer.MAX_VALUE ? Long.MIN_VALUE : value;
    }
}
