package io.paddock.tree.pcoll;

import java.util.function.BiConsumer;

/**
 * A CHAMP bitmap node. {@code dataMap} marks the 5-bit hash fragments that hold an inline
 * key/value pair, {@code nodeMap} those that hold a sub-node; the two never overlap.
 * {@code content} is {@code [k0, v0, k1, v1, ..., subNode(n-1), ..., subNode0]}: pairs in bit
 * order at the front, sub-nodes in reverse bit order at the back. Never mutated after construction,
 * except by the edit session that created it ({@code owner}, see {@link PersistentMap#editable(Object)}):
 * that one overwrites a value or a sub-node reference in place, never the shape.
 */
final class Bitmap extends PersistentMap.Node {
    static final Bitmap EMPTY = new Bitmap(0, 0, new Object[0]);
    private static final int BITS = 5;
    private static final int HASH_BITS = 32;

    final int dataMap;
    final int nodeMap;
    final Object[] content;
    /** The edit session that created this node, or null; see the class comment. */
    private final Object owner;

    Bitmap(int dataMap, int nodeMap, Object[] content) {
        this(dataMap, nodeMap, content, null);
    }

    Bitmap(int dataMap, int nodeMap, Object[] content, Object owner) {
        this.dataMap = dataMap;
        this.nodeMap = nodeMap;
        this.content = content;
        this.owner = owner;
    }

    /** This node with content[index] replaced: in place when the update's session created it. */
    private Bitmap withSlot(int index, Object value, PersistentMap.Effect effect) {
        if (owner != null && owner == effect.owner) {
            content[index] = value;
            return this;
        }
        Object[] copy = content.clone();
        copy[index] = value;
        return new Bitmap(dataMap, nodeMap, copy, effect.owner);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & 31);
    }

    private int dataIndex(int bit) {
        return 2 * Integer.bitCount(dataMap & (bit - 1));
    }

    private int nodeSlot(int bit) {
        return content.length - 1 - Integer.bitCount(nodeMap & (bit - 1));
    }

    @Override
    int payloadArity() {
        return Integer.bitCount(dataMap);
    }

    @Override
    int nodeArity() {
        return Integer.bitCount(nodeMap);
    }

    @Override
    Object keyAt(int i) {
        return content[2 * i];
    }

    @Override
    Object valueAt(int i) {
        return content[2 * i + 1];
    }

    @Override
    PersistentMap.Node nodeAt(int i) {
        return (PersistentMap.Node) content[content.length - 1 - i];
    }

    @Override
    PersistentMap.Node put(Object key, int hash, Object value, int shift, PersistentMap.Effect effect) {
        int bit = bit(hash, shift);
        if ((dataMap & bit) != 0) {
            int i = dataIndex(bit);
            Object k = content[i];
            if (k == key || k.equals(key)) {
                if (content[i + 1] == value) {
                    return this;
                }
                return withSlot(i + 1, value, effect);
            }
            // Two different keys share this fragment: push both one level down.
            PersistentMap.Node sub = mergeTwo(k, content[i + 1], PersistentMap.spread(k), key, value, hash,
                    shift + BITS, effect.owner);
            effect.sizeChanged = true;
            return migrateInlineToNode(bit, i, sub, effect.owner);
        }
        if ((nodeMap & bit) != 0) {
            int slot = nodeSlot(bit);
            PersistentMap.Node sub = (PersistentMap.Node) content[slot];
            PersistentMap.Node newSub = sub.put(key, hash, value, shift + BITS, effect);
            if (newSub == sub) {
                return this;
            }
            return withSlot(slot, newSub, effect);
        }
        effect.sizeChanged = true;
        int i = dataIndex(bit);
        Object[] copy = new Object[content.length + 2];
        System.arraycopy(content, 0, copy, 0, i);
        copy[i] = key;
        copy[i + 1] = value;
        System.arraycopy(content, i, copy, i + 2, content.length - i);
        return new Bitmap(dataMap | bit, nodeMap, copy, effect.owner);
    }

    /** A node holding exactly two entries whose hash fragments agree up to {@code shift}. */
    static PersistentMap.Node mergeTwo(Object k0, Object v0, int h0, Object k1, Object v1, int h1, int shift,
                                       Object owner) {
        if (shift >= HASH_BITS) {
            return new Collision(h0, new Object[] {k0, v0, k1, v1});
        }
        int b0 = bit(h0, shift);
        int b1 = bit(h1, shift);
        if (b0 == b1) {
            return new Bitmap(0, b0, new Object[] {mergeTwo(k0, v0, h0, k1, v1, h1, shift + BITS, owner)}, owner);
        }
        // Inline pairs are ordered by fragment; an unsigned compare of single bits orders them.
        if (Integer.compareUnsigned(b0, b1) < 0) {
            return new Bitmap(b0 | b1, 0, new Object[] {k0, v0, k1, v1}, owner);
        }
        return new Bitmap(b0 | b1, 0, new Object[] {k1, v1, k0, v0}, owner);
    }

    private Bitmap migrateInlineToNode(int bit, int dataIndex, PersistentMap.Node sub, Object owner) {
        Object[] copy = new Object[content.length - 1];
        // Drop the pair at dataIndex, then insert the sub-node at its slot among the nodes.
        System.arraycopy(content, 0, copy, 0, dataIndex);
        int newNodeMap = nodeMap | bit;
        int slotFromEnd = Integer.bitCount(nodeMap & (bit - 1));
        int newSlot = copy.length - 1 - slotFromEnd;
        System.arraycopy(content, dataIndex + 2, copy, dataIndex, newSlot - dataIndex);
        copy[newSlot] = sub;
        System.arraycopy(content, newSlot + 2, copy, newSlot + 1, copy.length - newSlot - 1);
        return new Bitmap(dataMap ^ bit, newNodeMap, copy, owner);
    }

    private Bitmap migrateNodeToInline(int bit, PersistentMap.Node single) {
        Object[] copy = new Object[content.length + 1];
        int oldSlot = nodeSlot(bit);
        int i = dataIndex(bit);
        System.arraycopy(content, 0, copy, 0, i);
        copy[i] = single.keyAt(0);
        copy[i + 1] = single.valueAt(0);
        System.arraycopy(content, i, copy, i + 2, oldSlot - i);
        System.arraycopy(content, oldSlot + 1, copy, oldSlot + 2, content.length - oldSlot - 1);
        return new Bitmap(dataMap | bit, nodeMap ^ bit, copy);
    }

    @Override
    PersistentMap.Node remove(Object key, int hash, int shift, PersistentMap.Effect effect) {
        int bit = bit(hash, shift);
        if ((dataMap & bit) != 0) {
            int i = dataIndex(bit);
            Object k = content[i];
            if (k != key && !k.equals(key)) {
                return this;
            }
            effect.sizeChanged = true;
            if (shift > 0 && content.length == 4 && nodeMap == 0) {
                // One pair remains: return it keyed at level 0 so it is valid as a root, and a parent inlines it.
                int other = i == 0 ? 2 : 0;
                int b = bit(PersistentMap.spread(content[other]), 0);
                return new Bitmap(b, 0, new Object[] {content[other], content[other + 1]});
            }
            Object[] copy = new Object[content.length - 2];
            System.arraycopy(content, 0, copy, 0, i);
            System.arraycopy(content, i + 2, copy, i, content.length - i - 2);
            return new Bitmap(dataMap ^ bit, nodeMap, copy);
        }
        if ((nodeMap & bit) == 0) {
            return this;
        }
        int slot = nodeSlot(bit);
        PersistentMap.Node sub = (PersistentMap.Node) content[slot];
        PersistentMap.Node newSub = sub.remove(key, hash, shift + BITS, effect);
        if (newSub == sub) {
            return this;
        }
        if (newSub.isSingleton()) {
            if (dataMap == 0 && content.length == 1) {
                // This node would only wrap a single pair: let it bubble up to be inlined higher.
                return newSub;
            }
            return migrateNodeToInline(bit, newSub);
        }
        return withSlot(slot, newSub, effect);
    }

    @Override
    void forEach(BiConsumer<Object, Object> action) {
        int pairs = 2 * Integer.bitCount(dataMap);
        for (int i = 0; i < pairs; i += 2) {
            action.accept(content[i], content[i + 1]);
        }
        for (int i = content.length - 1; i >= pairs; i--) {
            ((PersistentMap.Node) content[i]).forEach(action);
        }
    }
}
