package io.paddock.session;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code long} keys to non-null values, used where a
 * {@code HashMap<Long, V>} would box a session id on every lookup (every packet touches its
 * session; every fired watch looks up its watcher).
 *
 * <p>Linear probing with backward-shift deletion, so there are no tombstones and a lookup stops
 * at the first empty slot. An empty slot is one whose value is null, which is why values must
 * be non-null; every {@code long}, 0 included, is a valid key. Capacity is a power of two and
 * the table is kept at most half full.
 *
 * <p>Single-threaded. Slot iteration ({@link #capacity()}, {@link #keyAt}, {@link #valueAt})
 * must not be interleaved with {@link #remove}: a removal may shift a later entry into an
 * earlier slot. Callers that remove while iterating collect the keys first.
 */
final class LongMap<V> {
    private static final int MIN_CAPACITY = 4;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        this(MIN_CAPACITY);
    }

    /** A map that holds {@code expected} entries without growing. */
    LongMap(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity < expected * 2) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int slot = find(key);
        return slot < 0 ? null : (V) values[slot];
    }

    boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /** Maps {@code key} to {@code value}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new IllegalStateException("LongMap values must be non-null (key " + key + ")");
        }
        int slot = indexOf(key);
        while (values[slot] != null) {
            if (keys[slot] == key) {
                V previous = (V) values[slot];
                values[slot] = value;
                return previous;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
        if (size * 2 > keys.length) {
            rehash(keys.length << 1);
        }
        return null;
    }

    /** Removes {@code key}; returns its value or null when absent. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        V removed = (V) values[slot];
        shiftBack(slot);
        size--;
        return removed;
    }

    /** Empties the map, keeping its capacity. */
    void clear() {
        if (size > 0) {
            Arrays.fill(values, null);
            size = 0;
        }
    }

    /** Number of slots, for slot iteration. */
    int capacity() {
        return keys.length;
    }

    long keyAt(int slot) {
        return keys[slot];
    }

    /** The value in {@code slot}, or null when the slot is empty. */
    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        return (V) values[slot];
    }

    private int find(long key) {
        int slot = indexOf(key);
        while (values[slot] != null) {
            if (keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int indexOf(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }

    /**
     * Empties {@code hole} and moves later entries of the same probe run back into it, so that
     * every remaining entry stays reachable from its home slot without crossing an empty slot.
     */
    private void shiftBack(int hole) {
        int current = (hole + 1) & mask;
        while (values[current] != null) {
            int home = indexOf(keys[current]);
            // The entry may move into the hole only if its home is not inside (hole, current].
            boolean homeInRange = hole <= current
                    ? hole < home && home <= current
                    : hole < home || home <= current;
            if (!homeInRange) {
                keys[hole] = keys[current];
                values[hole] = values[current];
                hole = current;
            }
            current = (current + 1) & mask;
        }
        values[hole] = null;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                int slot = indexOf(oldKeys[i]);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }
}
