package io.paddock.model;

/**
 * A zxid is ZooKeeper's 64-bit transaction id: the election epoch in the high 32 bits and a
 * counter within that epoch in the low 32 bits. Zxids are plain {@code long}s everywhere on the
 * hot path; this class only names the arithmetic.
 */
public final class Zxid {
    private Zxid() {}

    public static long of(long epoch, long counter) {
        return (epoch << 32) | (counter & 0xffffffffL);
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xffffffffL;
    }

    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
