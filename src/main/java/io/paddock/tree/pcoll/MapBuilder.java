package io.paddock.tree.pcoll;

import java.util.Arrays;

/**
 * Builds a {@link PersistentMap} from many entries at once, without the per-put path copying of
 * {@link PersistentMap#put}: the entries are collected in flat arrays, then the trie is laid out
 * top-down by partitioning on 5-bit hash fragments (a counting sort per level). The result has
 * exactly the canonical shape that the same entries inserted one by one would have (a fragment
 * holding one entry is inline, more entries make a sub-node, equal 32-bit hashes make a
 * {@link Collision}), so built maps and updated maps are interchangeable.
 *
 * <p>Used to load a snapshot of a million znodes in well under a second per map. Confined to
 * one thread; single use: {@link #build()} may be called once. Duplicate keys are a programmer
 * (or snapshot) error and throw {@link IllegalStateException}.
 */
public final class MapBuilder<K, V> {
    private static final int BITS = 5;
    private static final int HASH_BITS = 32;

    private Object[] keys;
    private Object[] values;
    private int[] hashes;
    /**
     * Per trie level (shift / 5, at most 7 levels): the fragment counts and next free slots of the
     * node being laid out there. Reused across nodes, because a node's arrays are only read again
     * after its sub-nodes (one level deeper) are done: a million-entry build then allocates no
     * scratch per node.
     */
    private int[][] countsByLevel;
    private int[][] nextByLevel;
    private int size;
    private boolean built;

    public MapBuilder(int expectedSize) {
        int capacity = Math.max(4, expectedSize);
        keys = new Object[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
    }

    /** Adds one entry; the key must not have been added before (checked in {@link #build()}). */
    public MapBuilder<K, V> add(K key, V value) {
        if (key == null || value == null) {
            throw new IllegalStateException("null key or value in MapBuilder.add");
        }
        if (built) {
            throw new IllegalStateException("MapBuilder reused after build");
        }
        if (size == keys.length) {
            int grown = size + (size >> 1) + 4;
            keys = Arrays.copyOf(keys, grown);
            values = Arrays.copyOf(values, grown);
            hashes = Arrays.copyOf(hashes, grown);
        }
        keys[size] = key;
        values[size] = value;
        hashes[size] = PersistentMap.spread(key);
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    /** The map of every added entry. */
    public PersistentMap<K, V> build() {
        if (built) {
            throw new IllegalStateException("MapBuilder.build called twice");
        }
        built = true;
        if (size == 0) {
            return PersistentMap.empty();
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        countsByLevel = new int[HASH_BITS / BITS + 1][33];
        nextByLevel = new int[HASH_BITS / BITS + 1][32];
        PersistentMap.Node root = node(order, new int[size], 0, size, 0);
        keys = null;
        values = null;
        hashes = null;
        countsByLevel = null;
        nextByLevel = null;
        return PersistentMap.fromRoot(root, size);
    }

    /** The node for entries {@code order[from, to)} (at least two, or one at the root) at {@code shift}. */
    private PersistentMap.Node node(int[] order, int[] scratch, int from, int to, int shift) {
        if (shift >= HASH_BITS) {
            return collision(order, from, to);
        }
        int[] counts = countsByLevel[shift / BITS];
        Arrays.fill(counts, 0);
        for (int i = from; i < to; i++) {
            counts[fragment(order[i], shift) + 1]++;
        }
        int dataMap = 0;
        int nodeMap = 0;
        for (int f = 0; f < 32; f++) {
            int n = counts[f + 1];
            if (n == 1) {
                dataMap |= 1 << f;
            } else if (n > 1) {
                nodeMap |= 1 << f;
            }
            counts[f + 1] += counts[f];
        }
        // counts[f] is now the start of fragment f's run: a stable counting sort into scratch.
        int[] next = nextByLevel[shift / BITS];
        System.arraycopy(counts, 0, next, 0, 32);
        for (int i = from; i < to; i++) {
            int entry = order[i];
            scratch[from + next[fragment(entry, shift)]++] = entry;
        }
        System.arraycopy(scratch, from, order, from, to - from);
        int payload = Integer.bitCount(dataMap);
        int subNodes = Integer.bitCount(nodeMap);
        Object[] content = new Object[2 * payload + subNodes];
        int pair = 0;
        int slot = content.length - 1;
        for (int f = 0; f < 32; f++) {
            int start = from + counts[f];
            int end = from + counts[f + 1];
            if (end - start == 1) {
                content[pair++] = keys[order[start]];
                content[pair++] = values[order[start]];
            } else if (end - start > 1) {
                content[slot--] = node(order, scratch, start, end, shift + BITS);
            }
        }
        return new Bitmap(dataMap, nodeMap, content);
    }

    private int fragment(int entry, int shift) {
        return (hashes[entry] >>> shift) & 31;
    }

    private PersistentMap.Node collision(int[] order, int from, int to) {
        Object[] pairs = new Object[2 * (to - from)];
        for (int i = from; i < to; i++) {
            Object key = keys[order[i]];
            for (int j = from; j < i; j++) {
                if (keys[order[j]].equals(key)) {
                    throw new IllegalStateException("duplicate key in MapBuilder: " + key);
                }
            }
            pairs[2 * (i - from)] = key;
            pairs[2 * (i - from) + 1] = values[order[i]];
        }
        return new Collision(hashes[order[from]], pairs);
    }
}
