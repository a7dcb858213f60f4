package io.paddock.tree.pcoll;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * An immutable hash map with structural sharing: a CHAMP trie (Steindorfer and Vinju, "Optimizing
 * Hash-Array Mapped Tries for Fast and Lean Immutable JVM Collections"). Every update returns a
 * new map that shares all untouched nodes with the old one, so old versions stay valid and
 * unchanged forever; this is what makes a tree snapshot a single reference.
 *
 * <p>Layout: a {@link Bitmap} node consumes 5 bits of the (spread) hash per level and keeps inline
 * key/value pairs at the front of its array and sub-nodes at the back, in reverse. Keys whose
 * 32-bit hashes are fully equal end up in a {@link Collision} node below level 6. The trie is kept
 * canonical: a removal that leaves a sub-node with a single entry inlines that entry into the
 * parent, so the shape depends only on the contents (and, for full collisions, insertion order).
 *
 * <p>Iteration order is the hash-trie order: deterministic for given contents, not sorted.
 * Keys must have a stable {@code hashCode}/{@code equals}; null keys and null values are rejected.
 * Thread-safe because immutable.
 */
public final class PersistentMap<K, V> implements Iterable<Map.Entry<K, V>> {
    private static final int BITS = 5;
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(Bitmap.EMPTY, 0);

    private final Node root;
    private final int size;
    /** Null for an ordinary (persistent) version; the edit session's token for an {@link #editable(Object)} one. */
    private final Object owner;

    private PersistentMap(Node root, int size) {
        this(root, size, null);
    }

    private PersistentMap(Node root, int size, Object owner) {
        this.root = root;
        this.size = size;
        this.owner = owner;
    }

    /**
     * An editable version for a long run of updates of which only the last result is kept (log
     * replay at start-up): its updates overwrite in place the trie nodes that earlier updates of
     * the same run created, instead of copying the path from the root every time. This map and
     * every other version stay unchanged, since nodes that existed before the run are still copied
     * once. Each update of the run invalidates the versions it came from; {@link #frozen()} ends
     * the run and gives an ordinary map. Confined to one thread. The run is named by {@code token}
     * (any object, compared by identity), so that several maps, and sets stored in them, can share it.
     */
    public PersistentMap<K, V> editable(Object token) {
        if (token == null) {
            throw new IllegalStateException("null edit token");
        }
        return new PersistentMap<>(root, size, token);
    }

    /** The ordinary, immutable map of an editable run's result (this map itself when not editable). */
    public PersistentMap<K, V> frozen() {
        return owner == null ? this : new PersistentMap<>(root, size);
    }

    /** A map over a trie that {@link MapBuilder} laid out; the root must hold {@code size} entries. */
    static <K, V> PersistentMap<K, V> fromRoot(Node root, int size) {
        return size == 0 ? empty() : new PersistentMap<>(root, size);
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** Murmur3's 32-bit finalizer: the trie consumes low bits first, so every input bit must reach them. */
    static int spread(Object key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or null. Iterative, because this is the hottest path of the tree. */
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int hash = spread(key);
        Node node = root;
        int shift = 0;
        while (node instanceof Bitmap) {
            Bitmap b = (Bitmap) node;
            int bit = 1 << ((hash >>> shift) & 31);
            if ((b.dataMap & bit) != 0) {
                int i = 2 * Integer.bitCount(b.dataMap & (bit - 1));
                Object k = b.content[i];
                return k == key || k.equals(key) ? (V) b.content[i + 1] : null;
            }
            if ((b.nodeMap & bit) == 0) {
                return null;
            }
            node = b.nodeAt(Integer.bitCount(b.nodeMap & (bit - 1)));
            shift += BITS;
        }
        return (V) ((Collision) node).find(key);
    }

    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** A map with {@code key} bound to {@code value}; this map itself when the same value is already bound. */
    public PersistentMap<K, V> put(K key, V value) {
        if (key == null || value == null) {
            throw new IllegalStateException("null key or value in PersistentMap.put");
        }
        Effect effect = new Effect(owner);
        Node newRoot = root.put(key, spread(key), value, 0, effect);
        if (newRoot == root && !effect.sizeChanged) {
            return this;
        }
        return new PersistentMap<>(newRoot, effect.sizeChanged ? size + 1 : size, owner);
    }

    /** A map without {@code key}; this map itself when the key is absent. */
    public PersistentMap<K, V> remove(Object key) {
        Effect effect = new Effect(owner);
        Node newRoot = root.remove(key, spread(key), 0, effect);
        if (!effect.sizeChanged) {
            return this;
        }
        return newRoot.isEmptyNode() ? empty() : new PersistentMap<>(newRoot, size - 1, owner);
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        root.forEach((BiConsumer<Object, Object>) action);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new TrieIterator<>(root, TrieIterator.ENTRIES);
    }

    /** A read-only live view of the keys (this version's keys; it never changes). */
    public Collection<K> keys() {
        return new View<>(this, TrieIterator.KEYS);
    }

    /** A read-only view of the values. */
    public Collection<V> values() {
        return new View<>(this, TrieIterator.VALUES);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PersistentMap<?, ?> other) || other.size != size) {
            return false;
        }
        for (Map.Entry<K, V> e : this) {
            if (!e.getValue().equals(other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<K, V> e : this) {
            h += e.getKey().hashCode() ^ e.getValue().hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(v));
        return sb.append('}').toString();
    }

    /**
     * What an update did, reported upward through the recursion (one small allocation per
     * update), and the edit session it belongs to: nodes whose owner is {@code owner} (never
     * null there) may be overwritten in place.
     */
    static final class Effect {
        final Object owner;
        boolean sizeChanged;

        Effect(Object owner) {
            this.owner = owner;
        }
    }

    /** A trie node: either a {@link Bitmap} or a {@link Collision}. Immutable once published. */
    abstract static class Node {
        abstract Node put(Object key, int hash, Object value, int shift, Effect effect);

        abstract Node remove(Object key, int hash, int shift, Effect effect);

        abstract void forEach(BiConsumer<Object, Object> action);

        abstract int payloadArity();

        abstract int nodeArity();

        abstract Object keyAt(int i);

        abstract Object valueAt(int i);

        abstract Node nodeAt(int i);

        boolean isEmptyNode() {
            return payloadArity() == 0 && nodeArity() == 0;
        }

        /** True when the node holds exactly one entry and no sub-nodes, so a parent may inline it. */
        boolean isSingleton() {
            return payloadArity() == 1 && nodeArity() == 0;
        }
    }

    /** A read-only collection over the keys or values of one map version. */
    private static final class View<E> extends AbstractCollection<E> {
        private final PersistentMap<?, ?> map;
        private final int kind;

        View(PersistentMap<?, ?> map, int kind) {
            this.map = map;
            this.kind = kind;
        }

        @Override
        public Iterator<E> iterator() {
            return new TrieIterator<>(map.root, kind);
        }

        @Override
        public int size() {
            return map.size;
        }

        @Override
        public boolean contains(Object o) {
            return kind == TrieIterator.KEYS ? map.containsKey(o) : super.contains(o);
        }
    }

    /**
     * Depth-first iterator with an explicit stack; the trie is at most 8 levels deep (7 bitmap
     * levels plus a collision level), so a fixed stack of 9 suffices.
     */
    private static final class TrieIterator<T> implements Iterator<T> {
        static final int ENTRIES = 0;
        static final int KEYS = 1;
        static final int VALUES = 2;

        private final int kind;
        private final Node[] nodes = new Node[9];
        private final int[] nodeCursor = new int[9];
        private int depth;
        private Node current;
        private int payloadCursor;

        TrieIterator(Node root, int kind) {
            this.kind = kind;
            this.current = root;
            this.nodes[0] = root;
        }

        @Override
        public boolean hasNext() {
            while (payloadCursor >= current.payloadArity()) {
                if (!descend()) {
                    return false;
                }
            }
            return true;
        }

        /** Moves to the next node that may hold payload; false when the walk is done. */
        private boolean descend() {
            while (depth >= 0) {
                Node top = nodes[depth];
                if (nodeCursor[depth] < top.nodeArity()) {
                    Node child = top.nodeAt(nodeCursor[depth]++);
                    depth++;
                    nodes[depth] = child;
                    nodeCursor[depth] = 0;
                    current = child;
                    payloadCursor = 0;
                    return true;
                }
                depth--;
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int i = payloadCursor++;
            if (kind == KEYS) {
                return (T) current.keyAt(i);
            }
            if (kind == VALUES) {
                return (T) current.valueAt(i);
            }
            return (T) new AbstractMap.SimpleImmutableEntry<>(current.keyAt(i), current.valueAt(i));
        }
    }
}
