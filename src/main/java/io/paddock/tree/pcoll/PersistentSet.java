package io.paddock.tree.pcoll;

import java.util.AbstractCollection;
import java.util.Iterator;

/**
 * An immutable set with structural sharing, backed by a {@link PersistentMap} whose values are
 * all {@link Boolean#TRUE}. It is a read-only {@link java.util.Collection} (the inherited
 * mutators throw), so the tree can hand it out as a child-name view without copying;
 * {@link #with} and {@link #without} return new versions. Iteration order is the trie order:
 * deterministic for given contents, not sorted.
 */
public final class PersistentSet<E> extends AbstractCollection<E> {
    private static final PersistentSet<?> EMPTY = new PersistentSet<>(PersistentMap.empty());

    private final PersistentMap<E, Boolean> map;

    private PersistentSet(PersistentMap<E, Boolean> map) {
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    public static <E> PersistentSet<E> empty() {
        return (PersistentSet<E>) EMPTY;
    }

    /** The set of {@code elements[0, count)}, built in bulk; the elements must be distinct. */
    public static <E> PersistentSet<E> copyOf(E[] elements, int count) {
        MapBuilder<E, Boolean> builder = new MapBuilder<>(count);
        for (int i = 0; i < count; i++) {
            builder.add(elements[i], Boolean.TRUE);
        }
        PersistentMap<E, Boolean> map = builder.build();
        return map.isEmpty() ? empty() : new PersistentSet<>(map);
    }

    /** This set plus {@code e}; this set itself when already present. */
    public PersistentSet<E> with(E e) {
        PersistentMap<E, Boolean> next = map.put(e, Boolean.TRUE);
        return next == map ? this : new PersistentSet<>(next);
    }

    /** This set minus {@code e}; this set itself when absent. */
    public PersistentSet<E> without(Object e) {
        PersistentMap<E, Boolean> next = map.remove(e);
        if (next == map) {
            return this;
        }
        return next.isEmpty() ? empty() : new PersistentSet<>(next);
    }

    /**
     * {@link #with}, in the edit session {@code token} (see {@link PersistentMap#editable(Object)}):
     * trie nodes that earlier updates of the session created are overwritten in place. The result
     * is an ordinary set; null {@code token} is plain {@link #with}.
     */
    public PersistentSet<E> with(E e, Object token) {
        if (token == null) {
            return with(e);
        }
        PersistentMap<E, Boolean> next = map.editable(token).put(e, Boolean.TRUE).frozen();
        return next.size() == map.size() ? this : new PersistentSet<>(next);
    }

    /** {@link #without}, in the edit session {@code token}; null {@code token} is plain {@link #without}. */
    public PersistentSet<E> without(Object e, Object token) {
        if (token == null) {
            return without(e);
        }
        PersistentMap<E, Boolean> next = map.editable(token).remove(e).frozen();
        if (next.size() == map.size()) {
            return this;
        }
        return next.isEmpty() ? empty() : new PersistentSet<>(next);
    }

    @Override
    public boolean contains(Object o) {
        return o != null && map.containsKey(o);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public Iterator<E> iterator() {
        return map.keys().iterator();
    }
}
