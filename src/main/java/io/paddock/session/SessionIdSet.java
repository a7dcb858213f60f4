package io.paddock.session;

import java.util.Arrays;

/**
 * A set of session ids collected between two pings: an open-addressing table of longs, so
 * recording a touch allocates nothing. Session id 0 (no session) is never stored. Confined to
 * the replica's thread. Invariant: {@code size} counts the non-zero slots.
 */
public final class SessionIdSet {
    private long[] slots = new long[64];
    private int size;

    public void add(long sessionId) {
        if (sessionId == 0) {
            return;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int slot = (int) mix(sessionId) & mask;
        while (slots[slot] != 0) {
            if (slots[slot] == sessionId) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = sessionId;
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The ids collected so far, in no particular order; the set is empty afterwards. */
    public long[] drain() {
        long[] ids = new long[size];
        int count = 0;
        for (long slot : slots) {
            if (slot != 0) {
                ids[count++] = slot;
            }
        }
        Arrays.fill(slots, 0);
        size = 0;
        return ids;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long id : old) {
            if (id != 0) {
                add(id);
            }
        }
    }

    private static long mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }
}
