package io.paddock.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.ErrorCode;
import io.paddock.model.EventType;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random add / trigger / remove sequences against a deliberately naive model of the two
 * tables (maps of sets, ancestors by prefix test), checking every notification and count.
 */
class WatchManagerProperties {
    private static final String[] PATHS = {"/", "/a", "/a/b", "/a/b/c", "/ab", "/b"};
    private static final long[] WATCHERS = {0, 1, 2, Long.MIN_VALUE + 1, 0x1000000000000FFL};

    /** op: 0 addData, 1 addChild, 2 addPersistent, 3 addRecursive, 4 trigger, 5 removeWatches, 6 check, 7 removeWatcher. */
    record Op(int kind, int path, int watcher, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, PATHS.length - 1),
                Arbitraries.integers().between(0, WATCHERS.length - 1),
                Arbitraries.integers().between(0, 6)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 400)
    void matchesNaiveModel(@ForAll("ops") List<Op> ops) {
        WatchManager real = new WatchManager();
        Model model = new Model();
        for (Op op : ops) {
            String path = PATHS[op.path()];
            long watcher = WATCHERS[op.watcher()];
            switch (op.kind()) {
                case 0 -> assertThat(real.addDataWatch(path, watcher)).isEqualTo(model.add(model.data, path, watcher, 'S'));
                case 1 -> assertThat(real.addChildWatch(path, watcher)).isEqualTo(model.add(model.child, path, watcher, 'S'));
                case 2 -> {
                    boolean d = model.add(model.data, path, watcher, 'P');
                    boolean c = model.add(model.child, path, watcher, 'P');
                    assertThat(real.addPersistent(path, watcher, false)).isEqualTo(d | c);
                }
                case 3 -> assertThat(real.addPersistent(path, watcher, true)).isEqualTo(model.add(model.data, path, watcher, 'R'));
                case 4 -> {
                    int type = 1 + op.arg() % 4;
                    List<Notification> got = real.trigger(new WatchEvent(type, path));
                    Set<Long> expected = model.trigger(type, path);
                    List<Long> gotWatchers = new ArrayList<>();
                    for (Notification n : got) {
                        assertThat(n.event()).isEqualTo(new WatchEvent(type, path));
                        gotWatchers.add(n.watcher());
                    }
                    assertThat(gotWatchers).doesNotHaveDuplicates();
                    assertThat(new HashSet<>(gotWatchers)).isEqualTo(expected);
                }
                case 5, 6 -> {
                    int type = op.arg();   // 0 and 6 are invalid types
                    boolean checkOnly = op.kind() == 6;
                    assertThat(real.removeWatches(path, watcher, type, checkOnly))
                            .isEqualTo(model.removeWatches(path, watcher, type, checkOnly));
                }
                default -> {
                    real.removeWatcher(watcher);
                    model.removeWatcher(watcher);
                }
            }
            assertCounts(real, model);
        }
    }

    private static void assertCounts(WatchManager real, Model model) {
        assertThat(real.dataWatchCount()).isEqualTo(model.entries(model.data));
        assertThat(real.childWatchCount()).isEqualTo(model.entries(model.child));
        assertThat(real.watchCount()).isEqualTo(model.entries(model.data) + model.entries(model.child));
        assertThat(real.pathCount()).isEqualTo(model.data.size());
        assertThat(real.watcherCount()).isEqualTo(model.watchers(model.data).size());
        assertThat(real.recursiveWatchCount()).isEqualTo(model.countMode(model.data, 'R'));
        for (long watcher : WATCHERS) {
            boolean any = model.watchers(model.data).contains(watcher) || model.watchers(model.child).contains(watcher);
            assertThat(real.hasWatches(watcher)).isEqualTo(any);
        }
        for (String path : PATHS) {
            for (long watcher : WATCHERS) {
                assertThat(real.dataModes(path, watcher)).isEqualTo(model.bits(model.data, path, watcher));
                assertThat(real.childModes(path, watcher)).isEqualTo(model.bits(model.child, path, watcher));
            }
        }
    }

    /** Tables as path -> watcher -> set of 'S', 'P', 'R'. Empty sets and maps are removed. */
    static final class Model {
        final Map<String, Map<Long, Set<Character>>> data = new HashMap<>();
        final Map<String, Map<Long, Set<Character>>> child = new HashMap<>();

        boolean add(Map<String, Map<Long, Set<Character>>> table, String path, long watcher, char mode) {
            return table.computeIfAbsent(path, p -> new HashMap<>())
                    .computeIfAbsent(watcher, w -> new HashSet<>()).add(mode);
        }

        Set<Character> modes(Map<String, Map<Long, Set<Character>>> table, String path, long watcher) {
            Map<Long, Set<Character>> byWatcher = table.get(path);
            Set<Character> modes = byWatcher == null ? null : byWatcher.get(watcher);
            return modes == null ? Set.of() : modes;
        }

        boolean remove(Map<String, Map<Long, Set<Character>>> table, String path, long watcher, Set<Character> which) {
            Map<Long, Set<Character>> byWatcher = table.get(path);
            if (byWatcher == null || !byWatcher.containsKey(watcher)) {
                return false;
            }
            boolean changed = byWatcher.get(watcher).removeAll(which);
            if (byWatcher.get(watcher).isEmpty()) {
                byWatcher.remove(watcher);
            }
            if (byWatcher.isEmpty()) {
                table.remove(path);
            }
            return changed;
        }

        static boolean isProperAncestor(String ancestor, String path) {
            if (ancestor.equals(path)) {
                return false;
            }
            return ancestor.equals("/") || path.startsWith(ancestor + "/");
        }

        Set<Long> trigger(int type, String path) {
            Set<Long> recipients = new HashSet<>();
            if (type != EventType.NODE_CHILDREN_CHANGED) {
                recipients.addAll(data.getOrDefault(path, Map.of()).keySet());
                for (var e : data.entrySet()) {
                    if (isProperAncestor(e.getKey(), path)) {
                        for (var w : e.getValue().entrySet()) {
                            if (w.getValue().contains('R')) {
                                recipients.add(w.getKey());
                            }
                        }
                    }
                }
                consume(data, path);
            }
            if (type == EventType.NODE_DELETED || type == EventType.NODE_CHILDREN_CHANGED) {
                recipients.addAll(child.getOrDefault(path, Map.of()).keySet());
                consume(child, path);
            }
            return recipients;
        }

        private void consume(Map<String, Map<Long, Set<Character>>> table, String path) {
            for (long watcher : new ArrayList<>(table.getOrDefault(path, Map.of()).keySet())) {
                remove(table, path, watcher, Set.of('S'));
            }
        }

        int removeWatches(String path, long watcher, int type, boolean checkOnly) {
            Set<Character> all = Set.of('S', 'P', 'R');
            boolean found;
            switch (type) {
                case WatcherType.CHILDREN -> found = hit(child, path, watcher, Set.of('S'), checkOnly);
                case WatcherType.DATA -> found = hit(data, path, watcher, Set.of('S'), checkOnly);
                case WatcherType.PERSISTENT -> {
                    found = hit(data, path, watcher, Set.of('P'), checkOnly);
                    if (!checkOnly) {
                        found |= hit(child, path, watcher, Set.of('P'), false);
                    }
                }
                case WatcherType.PERSISTENT_RECURSIVE -> found = hit(data, path, watcher, Set.of('R'), checkOnly);
                case WatcherType.ANY -> {
                    boolean c = hit(child, path, watcher, all, checkOnly);
                    boolean d = hit(data, path, watcher, all, checkOnly);
                    found = c | d;
                }
                default -> {
                    return ErrorCode.MARSHALLINGERROR;
                }
            }
            return found ? ErrorCode.OK : ErrorCode.NOWATCHER;
        }

        private boolean hit(Map<String, Map<Long, Set<Character>>> table, String path, long watcher,
                            Set<Character> which, boolean checkOnly) {
            if (checkOnly) {
                Set<Character> held = new HashSet<>(modes(table, path, watcher));
                held.retainAll(which);
                return !held.isEmpty();
            }
            return remove(table, path, watcher, which);
        }

        void removeWatcher(long watcher) {
            for (String path : List.of(PATHS)) {
                remove(data, path, watcher, Set.of('S', 'P', 'R'));
                remove(child, path, watcher, Set.of('S', 'P', 'R'));
            }
        }

        int entries(Map<String, Map<Long, Set<Character>>> table) {
            int n = 0;
            for (var byWatcher : table.values()) {
                n += byWatcher.size();
            }
            return n;
        }

        Set<Long> watchers(Map<String, Map<Long, Set<Character>>> table) {
            Set<Long> all = new HashSet<>();
            for (var byWatcher : table.values()) {
                all.addAll(byWatcher.keySet());
            }
            return all;
        }

        int countMode(Map<String, Map<Long, Set<Character>>> table, char mode) {
            int n = 0;
            for (var byWatcher : table.values()) {
                for (var modes : byWatcher.values()) {
                    n += modes.contains(mode) ? 1 : 0;
                }
            }
            return n;
        }

        int bits(Map<String, Map<Long, Set<Character>>> table, String path, long watcher) {
            Set<Character> modes = modes(table, path, watcher);
            return (modes.contains('S') ? WatchTable.STANDARD : 0)
                    | (modes.contains('P') ? WatchTable.PERSISTENT : 0)
                    | (modes.contains('R') ? WatchTable.RECURSIVE : 0);
        }
    }
}
