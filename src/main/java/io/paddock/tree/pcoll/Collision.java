package io.paddock.tree.pcoll;

import java.util.function.BiConsumer;

/**
 * Entries whose 32-bit spread hashes are all equal, below the last bitmap level: a flat array
 * {@code [k0, v0, k1, v1, ...]} searched linearly. Always holds at least two entries (a removal
 * that leaves one returns a singleton {@link Bitmap} for the parent to inline). Never mutated.
 */
final class Collision extends PersistentMap.Node {
    private final int hash;
    private final Object[] pairs;

    Collision(int hash, Object[] pairs) {
        this.hash = hash;
        this.pairs = pairs;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    Object find(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : pairs[i + 1];
    }

    @Override
    PersistentMap.Node put(Object key, int keyHash, Object value, int shift, PersistentMap.Effect effect) {
        if (keyHash != hash) {
            throw new IllegalStateException("collision node reached with a different hash");
        }
        int i = indexOf(key);
        if (i >= 0) {
            if (pairs[i + 1] == value) {
                return this;
            }
            Object[] copy = pairs.clone();
            copy[i + 1] = value;
            return new Collision(hash, copy);
        }
        effect.sizeChanged = true;
        Object[] copy = new Object[pairs.length + 2];
        System.arraycopy(pairs, 0, copy, 0, pairs.length);
        copy[pairs.length] = key;
        copy[pairs.length + 1] = value;
        return new Collision(hash, copy);
    }

    @Override
    PersistentMap.Node remove(Object key, int keyHash, int shift, PersistentMap.Effect effect) {
        int i = keyHash == hash ? indexOf(key) : -1;
        if (i < 0) {
            return this;
        }
        effect.sizeChanged = true;
        if (pairs.length == 4) {
            int other = i == 0 ? 2 : 0;
            int bit = 1 << (hash & 31);
            return new Bitmap(bit, 0, new Object[] {pairs[other], pairs[other + 1]});
        }
        Object[] copy = new Object[pairs.length - 2];
        System.arraycopy(pairs, 0, copy, 0, i);
        System.arraycopy(pairs, i + 2, copy, i, pairs.length - i - 2);
        return new Collision(hash, copy);
    }

    @Override
    void forEach(BiConsumer<Object, Object> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    @Override
    int payloadArity() {
        return pairs.length / 2;
    }

    @Override
    int nodeArity() {
        return 0;
    }

    @Override
    Object keyAt(int i) {
        return pairs[2 * i];
    }

    @Override
    Object valueAt(int i) {
        return pairs[2 * i + 1];
    }

    @Override
    PersistentMap.Node nodeAt(int i) {
        throw new IllegalStateException("collision nodes have no sub-nodes");
    }
}
