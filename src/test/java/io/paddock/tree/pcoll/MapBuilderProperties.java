package io.paddock.tree.pcoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

/** A bulk-built map has the same contents and the same canonical trie (same iteration order) as puts. */
class MapBuilderProperties {

    @Property(tries = 200)
    void builtEqualsPutOneByOne(@ForAll @UniqueElements @Size(max = 2000) List<@IntRange(max = 100_000) Integer> keys) {
        assertSameAsPuts(keys, k -> "k" + k);
    }

    @Property(tries = 200)
    void builtEqualsPutWithFullCollisions(@ForAll @UniqueElements @Size(max = 300) List<@IntRange(max = 5000) Integer> keys) {
        assertSameAsPuts(keys, PersistentMapProperties.Colliding::new);
    }

    private static <K> void assertSameAsPuts(List<Integer> ids, java.util.function.IntFunction<K> key) {
        PersistentMap<K, Integer> put = PersistentMap.empty();
        MapBuilder<K, Integer> builder = new MapBuilder<>(1);
        for (int id : ids) {
            put = put.put(key.apply(id), id);
            builder.add(key.apply(id), id);
        }
        PersistentMap<K, Integer> built = builder.build();
        assertThat(built.size()).isEqualTo(ids.size());
        assertThat(built).isEqualTo(put);
        if (!(key.apply(0) instanceof PersistentMapProperties.Colliding)) {
            // Canonical shape: the same trie walk, entry by entry (collision order may differ).
            assertThat(list(built)).isEqualTo(list(put));
        }
        for (int id : ids) {
            assertThat(built.get(key.apply(id))).isEqualTo(id);
        }
        PersistentMap<K, Integer> shrunk = built;
        PersistentMap<K, Integer> shrunkPut = put;
        for (int i = 0; i < ids.size(); i += 2) {
            shrunk = shrunk.remove(key.apply(ids.get(i)));
            shrunkPut = shrunkPut.remove(key.apply(ids.get(i)));
        }
        assertThat(shrunk).isEqualTo(shrunkPut);
        assertThat(shrunk.size()).isEqualTo(shrunkPut.size());
    }

    private static <K, V> List<Map.Entry<K, V>> list(PersistentMap<K, V> map) {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }

    @Test
    void duplicateKeysAreRejected() {
        MapBuilder<String, Integer> builder = new MapBuilder<String, Integer>(4).add("a", 1).add("b", 2).add("a", 3);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("a");
    }

    @Test
    void setCopyOfHoldsTheElements() {
        String[] names = {"x", "y", "z"};
        PersistentSet<String> set = PersistentSet.copyOf(names, 2);
        assertThat(set).containsExactlyInAnyOrder("x", "y");
        assertThat(Set.copyOf(set.with("z"))).isEqualTo(Set.of("x", "y", "z"));
        assertThat(PersistentSet.copyOf(names, 0)).isSameAs(PersistentSet.empty());
    }
}
