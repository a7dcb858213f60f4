package io.paddock.tree.pcoll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** PersistentMap and PersistentSet behave like HashMap/HashSet, and old versions never change. */
class PersistentMapProperties {

    /** A key whose hash is forced into a tiny range, so full 32-bit collisions happen often. */
    record Colliding(int id) {
        @Override
        public int hashCode() {
            return id % 3;
        }
    }

    @Provide
    Arbitrary<List<Tuple2<Boolean, Integer>>> ops() {
        Arbitrary<Tuple2<Boolean, Integer>> op = Arbitraries.integers().between(0, 3)
                .flatMap(kind -> Arbitraries.integers().between(0, 300).map(k -> Tuple.of(kind != 0, k)));
        return op.list().ofMaxSize(600);
    }

    @Property(tries = 200)
    void behavesLikeHashMapAndKeepsOldVersions(@ForAll("ops") List<Tuple2<Boolean, Integer>> ops) {
        runAgainstHashMap(ops, k -> "k" + k);
    }

    @Property(tries = 200)
    void survivesFullHashCollisions(@ForAll("ops") List<Tuple2<Boolean, Integer>> ops) {
        runAgainstHashMap(ops, Colliding::new);
    }

    private <K> void runAgainstHashMap(List<Tuple2<Boolean, Integer>> ops, java.util.function.IntFunction<K> key) {
        PersistentMap<K, Integer> map = PersistentMap.empty();
        Map<K, Integer> model = new HashMap<>();
        List<PersistentMap<K, Integer>> versions = new ArrayList<>();
        List<Map<K, Integer>> snapshots = new ArrayList<>();
        int step = 0;
        for (Tuple2<Boolean, Integer> op : ops) {
            K k = key.apply(op.get2());
            if (op.get1()) {
                map = map.put(k, step);
                model.put(k, step);
            } else {
                map = map.remove(k);
                model.remove(k);
            }
            step++;
            if (step % 37 == 0) {
                versions.add(map);
                snapshots.add(new HashMap<>(model));
            }
            assertThat(map.size()).isEqualTo(model.size());
            assertThat(map.get(k)).isEqualTo(model.get(k));
        }
        assertSameContents(map, model);
        for (int i = 0; i < versions.size(); i++) {
            assertSameContents(versions.get(i), snapshots.get(i));
        }
    }

    private static <K> void assertSameContents(PersistentMap<K, Integer> map, Map<K, Integer> model) {
        assertThat(map.size()).isEqualTo(model.size());
        Map<K, Integer> iterated = new HashMap<>();
        map.forEach(iterated::put);
        assertThat(iterated).isEqualTo(model);
        Map<K, Integer> viaIterator = new HashMap<>();
        for (Map.Entry<K, Integer> e : map) {
            viaIterator.put(e.getKey(), e.getValue());
        }
        assertThat(viaIterator).isEqualTo(model);
        assertThat(new HashSet<>(map.keys())).isEqualTo(model.keySet());
        assertThat(map.values()).hasSize(model.size());
        for (Map.Entry<K, Integer> e : model.entrySet()) {
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Property(tries = 100)
    void canonicalShapeMakesEqualMapsIterateAlike(@ForAll("ops") List<Tuple2<Boolean, Integer>> ops) {
        PersistentMap<String, Integer> map = PersistentMap.empty();
        for (Tuple2<Boolean, Integer> op : ops) {
            map = op.get1() ? map.put("k" + op.get2(), 1) : map.remove("k" + op.get2());
        }
        PersistentMap<String, Integer> rebuilt = PersistentMap.empty();
        for (String k : map.keys()) {
            rebuilt = rebuilt.put(k, 1);
        }
        assertThat(rebuilt).isEqualTo(map);
        assertThat(new ArrayList<>(rebuilt.keys())).containsExactlyElementsOf(new ArrayList<>(map.keys()));
    }

    @Property(tries = 100)
    void setBehavesLikeHashSet(@ForAll("ops") List<Tuple2<Boolean, Integer>> ops) {
        PersistentSet<String> set = PersistentSet.empty();
        HashSet<String> model = new HashSet<>();
        PersistentSet<String> firstHalf = null;
        HashSet<String> firstHalfModel = null;
        int i = 0;
        for (Tuple2<Boolean, Integer> op : ops) {
            String e = "e" + op.get2();
            set = op.get1() ? set.with(e) : set.without(e);
            if (op.get1()) {
                model.add(e);
            } else {
                model.remove(e);
            }
            if (++i == ops.size() / 2) {
                firstHalf = set;
                firstHalfModel = new HashSet<>(model);
            }
        }
        assertThat(new HashSet<>(set)).isEqualTo(model);
        assertThat(set).hasSize(model.size());
        if (firstHalf != null) {
            assertThat(new HashSet<>(firstHalf)).isEqualTo(firstHalfModel);
        }
    }

    /**
     * An editable run (in-place updates of the nodes it created) ends in the same map, with the
     * same canonical shape, as ordinary updates, and the map it started from never changes. The
     * base is half built by MapBuilder and half by puts, both plain and colliding keys.
     */
    @Property(tries = 200)
    void editableRunEqualsOrdinaryUpdatesAndLeavesItsBaseAlone(
            @ForAll("ops") List<Tuple2<Boolean, Integer>> base, @ForAll("ops") List<Tuple2<Boolean, Integer>> run,
            @ForAll boolean colliding) {
        java.util.function.IntFunction<Object> key = colliding ? Colliding::new : k -> "k" + k;
        MapBuilder<Object, Integer> builder = new MapBuilder<>(base.size());
        HashSet<Object> built = new HashSet<>();
        for (Tuple2<Boolean, Integer> op : base.subList(0, base.size() / 2)) {
            if (built.add(key.apply(op.get2()))) {
                builder.add(key.apply(op.get2()), op.get2());
            }
        }
        PersistentMap<Object, Integer> start = builder.build();
        for (Tuple2<Boolean, Integer> op : base.subList(base.size() / 2, base.size())) {
            start = op.get1() ? start.put(key.apply(op.get2()), -op.get2()) : start.remove(key.apply(op.get2()));
        }
        Map<Object, Integer> startModel = new HashMap<>();
        start.forEach(startModel::put);

        PersistentMap<Object, Integer> ordinary = start;
        PersistentMap<Object, Integer> edited = start.editable(new Object());
        int step = 0;
        for (Tuple2<Boolean, Integer> op : run) {
            Object k = key.apply(op.get2());
            ordinary = op.get1() ? ordinary.put(k, step) : ordinary.remove(k);
            edited = op.get1() ? edited.put(k, step) : edited.remove(k);
            assertThat(edited.get(k)).isEqualTo(ordinary.get(k));
            step++;
        }
        PersistentMap<Object, Integer> result = edited.frozen();
        assertThat(result).isEqualTo(ordinary);
        assertThat(result.size()).isEqualTo(ordinary.size());
        assertThat(new ArrayList<>(result.keys())).containsExactlyElementsOf(new ArrayList<>(ordinary.keys()));
        assertSameContents(start, startModel);
    }

    /** Set updates in an edit session give the sets plain updates give, and never change a set made before the session. */
    @Property(tries = 200)
    void setUpdatesInAnEditSessionEqualPlainOnes(@ForAll("ops") List<Tuple2<Boolean, Integer>> ops) {
        PersistentSet<String> start = PersistentSet.empty();
        for (Tuple2<Boolean, Integer> op : ops.subList(0, ops.size() / 2)) {
            start = start.with("e" + op.get2());
        }
        HashSet<String> startModel = new HashSet<>(start);
        Object token = new Object();
        PersistentSet<String> plain = start;
        PersistentSet<String> edited = start;
        for (Tuple2<Boolean, Integer> op : ops) {
            String e = "e" + op.get2();
            plain = op.get1() ? plain.with(e) : plain.without(e);
            edited = op.get1() ? edited.with(e, token) : edited.without(e, token);
            assertThat(edited.size()).isEqualTo(plain.size());
        }
        assertThat(new HashSet<>(edited)).isEqualTo(new HashSet<>(plain));
        assertThat(new ArrayList<>(edited)).containsExactlyElementsOf(new ArrayList<>(plain));
        assertThat(new HashSet<>(start)).isEqualTo(startModel);
    }
}
