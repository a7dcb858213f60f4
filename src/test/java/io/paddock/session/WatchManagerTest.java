package io.paddock.session;

import static io.paddock.model.EventType.NODE_CHILDREN_CHANGED;
import static io.paddock.model.EventType.NODE_CREATED;
import static io.paddock.model.EventType.NODE_DATA_CHANGED;
import static io.paddock.model.EventType.NODE_DELETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.ErrorCode;
import io.paddock.model.OpCode;
import io.paddock.model.Request;
import io.paddock.model.WatchEvent;
import io.paddock.model.WatcherType;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchManagerTest {
    private static final long A = 0x100000000000001L;
    private static final long B = 0x100000000000002L;
    private final WatchManager watches = new WatchManager();

    private List<Notification> fire(int type, String path) {
        return watches.trigger(new WatchEvent(type, path));
    }

    private static Notification n(long watcher, int type, String path) {
        return new Notification(watcher, new WatchEvent(type, path));
    }

    // ---- 10.3 standard watches ---------------------------------------------------------

    @Test
    void createFiresDataWatchOnceAndConsumesIt() {
        watches.addDataWatch("/a", A);
        watches.addChildWatch("/a", B);
        assertThat(fire(NODE_CREATED, "/a")).containsExactly(n(A, NODE_CREATED, "/a"));
        assertThat(fire(NODE_CREATED, "/a")).isEmpty();
        // The child watch is untouched by a data event.
        assertThat(watches.childModes("/a", B)).isEqualTo(WatchTable.STANDARD);
    }

    @Test
    void setDataFiresOnlyDataWatches() {
        watches.addDataWatch("/a", A);
        watches.addChildWatch("/a", B);
        assertThat(fire(NODE_DATA_CHANGED, "/a")).containsExactly(n(A, NODE_DATA_CHANGED, "/a"));
        assertThat(watches.watchCount()).isEqualTo(1);
    }

    @Test
    void childrenChangedFiresOnlyChildWatches() {
        watches.addDataWatch("/p", A);
        watches.addChildWatch("/p", B);
        assertThat(fire(NODE_CHILDREN_CHANGED, "/p")).containsExactly(n(B, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(watches.childWatchCount()).isZero();
        assertThat(watches.dataWatchCount()).isEqualTo(1);
    }

    @Test
    void deleteFiresDataAndChildWatchesWithOneEventPerWatcher() {
        watches.addDataWatch("/a", A);
        watches.addChildWatch("/a", A);
        watches.addChildWatch("/a", B);
        assertThat(fire(NODE_DELETED, "/a"))
                .containsExactlyInAnyOrder(n(A, NODE_DELETED, "/a"), n(B, NODE_DELETED, "/a"));
        // Both of A's one-shot watches are consumed, not only the one that produced the event.
        assertThat(watches.watchCount()).isZero();
        assertThat(watches.hasWatches(A)).isFalse();
    }

    @Test
    void eventsOnOtherPathsDoNotFire() {
        watches.addDataWatch("/a", A);
        watches.addChildWatch("/a", A);
        assertThat(fire(NODE_DATA_CHANGED, "/a/b")).isEmpty();
        assertThat(fire(NODE_CHILDREN_CHANGED, "/")).isEmpty();
        assertThat(fire(NODE_DELETED, "/ab")).isEmpty();
        assertThat(watches.watchCount()).isEqualTo(2);
    }

    @Test
    void registeringTwiceIsOneWatch() {
        assertThat(watches.addDataWatch("/a", A)).isTrue();
        assertThat(watches.addDataWatch("/a", A)).isFalse();
        assertThat(watches.dataWatchCount()).isEqualTo(1);
        assertThat(fire(NODE_DATA_CHANGED, "/a")).hasSize(1);
    }

    @Test
    void rejectsNonServerEventTypes() {
        assertThatThrownBy(() -> fire(5, "/a")).isInstanceOf(IllegalStateException.class);
    }

    // ---- 10.4 persistent and recursive -------------------------------------------------

    @Test
    void persistentGetsDataCreateDeleteAndChildrenChangedAndStays() {
        watches.addPersistent("/p", A, false);
        assertThat(watches.dataWatchCount()).isEqualTo(1);
        assertThat(watches.childWatchCount()).isEqualTo(1);
        assertThat(fire(NODE_CREATED, "/p")).containsExactly(n(A, NODE_CREATED, "/p"));
        assertThat(fire(NODE_DATA_CHANGED, "/p")).containsExactly(n(A, NODE_DATA_CHANGED, "/p"));
        assertThat(fire(NODE_CHILDREN_CHANGED, "/p")).containsExactly(n(A, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(fire(NODE_DELETED, "/p")).containsExactly(n(A, NODE_DELETED, "/p"));
        assertThat(fire(NODE_CREATED, "/p")).containsExactly(n(A, NODE_CREATED, "/p"));
        assertThat(watches.watchCount()).isEqualTo(2);
    }

    @Test
    void persistentIsExactlyThePath() {
        watches.addPersistent("/p", A, false);
        assertThat(fire(NODE_DATA_CHANGED, "/p/c")).isEmpty();
        assertThat(fire(NODE_CREATED, "/p/c")).isEmpty();
        assertThat(fire(NODE_CHILDREN_CHANGED, "/p/c")).isEmpty();
    }

    @Test
    void recursiveSeesPathAndDescendantsButNeverChildrenChanged() {
        watches.addPersistent("/r", A, true);
        assertThat(watches.childWatchCount()).isZero();
        assertThat(fire(NODE_CREATED, "/r")).containsExactly(n(A, NODE_CREATED, "/r"));
        assertThat(fire(NODE_CREATED, "/r/x/y")).containsExactly(n(A, NODE_CREATED, "/r/x/y"));
        assertThat(fire(NODE_DATA_CHANGED, "/r/x")).containsExactly(n(A, NODE_DATA_CHANGED, "/r/x"));
        assertThat(fire(NODE_DELETED, "/r/x/y")).containsExactly(n(A, NODE_DELETED, "/r/x/y"));
        assertThat(fire(NODE_CHILDREN_CHANGED, "/r")).isEmpty();
        assertThat(fire(NODE_CHILDREN_CHANGED, "/r/x")).isEmpty();
        // A sibling sharing the prefix is not a descendant.
        assertThat(fire(NODE_CREATED, "/rx")).isEmpty();
        assertThat(fire(NODE_CREATED, "/")).isEmpty();
        assertThat(watches.recursiveWatchCount()).isEqualTo(1);
    }

    @Test
    void recursiveOnRootSeesEverything() {
        watches.addPersistent("/", A, true);
        assertThat(fire(NODE_CREATED, "/")).containsExactly(n(A, NODE_CREATED, "/"));
        assertThat(fire(NODE_CREATED, "/a")).containsExactly(n(A, NODE_CREATED, "/a"));
        assertThat(fire(NODE_DATA_CHANGED, "/a/b/c")).containsExactly(n(A, NODE_DATA_CHANGED, "/a/b/c"));
        assertThat(fire(NODE_DELETED, "/zookeeper/quota")).containsExactly(n(A, NODE_DELETED, "/zookeeper/quota"));
        assertThat(fire(NODE_CHILDREN_CHANGED, "/")).isEmpty();
    }

    @Test
    void recursiveOnSeveralAncestorsAndPathGivesOneEvent() {
        watches.addPersistent("/", A, true);
        watches.addPersistent("/a", A, true);
        watches.addDataWatch("/a/b", A);
        watches.addPersistent("/a", B, true);
        assertThat(fire(NODE_DATA_CHANGED, "/a/b"))
                .containsExactlyInAnyOrder(n(A, NODE_DATA_CHANGED, "/a/b"), n(B, NODE_DATA_CHANGED, "/a/b"));
        // The standard watch was consumed even though the event was shared.
        assertThat(watches.dataModes("/a/b", A)).isZero();
    }

    @Test
    void deleteWithRecursiveAncestorAndChildWatchGivesOneEvent() {
        watches.addPersistent("/", A, true);
        watches.addChildWatch("/a", A);
        assertThat(fire(NODE_DELETED, "/a")).containsExactly(n(A, NODE_DELETED, "/a"));
        assertThat(watches.childWatchCount()).isZero();
    }

    @Test
    void standardAndPersistentOnOnePathGiveOneEventAndStandardIsConsumed() {
        watches.addDataWatch("/p", A);
        watches.addChildWatch("/p", A);
        watches.addPersistent("/p", A, false);
        assertThat(watches.watchCount()).isEqualTo(2);
        assertThat(fire(NODE_DATA_CHANGED, "/p")).containsExactly(n(A, NODE_DATA_CHANGED, "/p"));
        assertThat(watches.dataModes("/p", A)).isEqualTo(WatchTable.PERSISTENT);
        assertThat(fire(NODE_CHILDREN_CHANGED, "/p")).containsExactly(n(A, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(watches.childModes("/p", A)).isEqualTo(WatchTable.PERSISTENT);
        assertThat(watches.watchCount()).isEqualTo(2);
    }

    @Test
    void standardAndRecursiveOnOnePathGiveOneEvent() {
        watches.addDataWatch("/p", A);
        watches.addPersistent("/p", A, true);
        assertThat(fire(NODE_DELETED, "/p")).containsExactly(n(A, NODE_DELETED, "/p"));
        assertThat(watches.dataModes("/p", A)).isEqualTo(WatchTable.RECURSIVE);
    }

    @Test
    void mixedPathConsumesOnlyTheOneShotEntries() {
        watches.addDataWatch("/p", A);
        watches.addPersistent("/p", B, false);
        watches.addDataWatch("/p", 3);
        assertThat(fire(NODE_DATA_CHANGED, "/p")).hasSize(3);
        assertThat(watches.dataWatchCount()).isEqualTo(1);
        assertThat(watches.hasWatches(A)).isFalse();
        assertThat(watches.hasWatches(3)).isFalse();
        assertThat(fire(NODE_DATA_CHANGED, "/p")).containsExactly(n(B, NODE_DATA_CHANGED, "/p"));
    }

    @Test
    void sinkIsNotCalledWhenNobodyWatches() {
        watches.addDataWatch("/other", A);
        int[] calls = {0};
        watches.trigger(new WatchEvent(NODE_DATA_CHANGED, "/a"), (w, e) -> calls[0]++);
        assertThat(calls[0]).isZero();
    }

    // ---- 10.7 removeWatches / checkWatches ---------------------------------------------

    @Test
    void removeChildrenRemovesOnlyTheStandardChildWatch() {
        watches.addChildWatch("/p", A);
        watches.addDataWatch("/p", A);
        assertThat(watches.removeWatches("/p", A, WatcherType.CHILDREN, true)).isEqualTo(ErrorCode.OK);
        assertThat(watches.childWatchCount()).isEqualTo(1);
        assertThat(watches.removeWatches("/p", A, WatcherType.CHILDREN, false)).isEqualTo(ErrorCode.OK);
        assertThat(watches.childWatchCount()).isZero();
        assertThat(watches.removeWatches("/p", A, WatcherType.CHILDREN, false)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.removeWatches("/p", A, WatcherType.CHILDREN, true)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.dataWatchCount()).isEqualTo(1);
    }

    @Test
    void removeDataRemovesOnlyTheStandardDataWatch() {
        watches.addPersistent("/p", A, false);
        assertThat(watches.removeWatches("/p", A, WatcherType.DATA, false)).isEqualTo(ErrorCode.NOWATCHER);
        watches.addDataWatch("/p", A);
        assertThat(watches.removeWatches("/p", A, WatcherType.DATA, false)).isEqualTo(ErrorCode.OK);
        assertThat(watches.dataModes("/p", A)).isEqualTo(WatchTable.PERSISTENT);
    }

    @Test
    void removePersistentClearsBothTablesButNotStandardOnes() {
        watches.addPersistent("/p", A, false);
        watches.addChildWatch("/p", A);
        assertThat(watches.removeWatches("/p", A, WatcherType.PERSISTENT, true)).isEqualTo(ErrorCode.OK);
        assertThat(watches.removeWatches("/p", A, WatcherType.PERSISTENT, false)).isEqualTo(ErrorCode.OK);
        assertThat(watches.dataModes("/p", A)).isZero();
        assertThat(watches.childModes("/p", A)).isEqualTo(WatchTable.STANDARD);
        assertThat(watches.removeWatches("/p", A, WatcherType.PERSISTENT, false)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.removeWatches("/p", A, WatcherType.PERSISTENT, true)).isEqualTo(ErrorCode.NOWATCHER);
    }

    @Test
    void removeRecursiveAndRecountRecursive() {
        watches.addPersistent("/r", A, true);
        assertThat(watches.removeWatches("/r", A, WatcherType.PERSISTENT, false)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.removeWatches("/r", A, WatcherType.PERSISTENT_RECURSIVE, true)).isEqualTo(ErrorCode.OK);
        assertThat(watches.removeWatches("/r", A, WatcherType.PERSISTENT_RECURSIVE, false)).isEqualTo(ErrorCode.OK);
        assertThat(watches.recursiveWatchCount()).isZero();
        assertThat(watches.removeWatches("/r", A, WatcherType.PERSISTENT_RECURSIVE, false))
                .isEqualTo(ErrorCode.NOWATCHER);
        assertThat(fire(NODE_CREATED, "/r/x")).isEmpty();
    }

    @Test
    void removeAnyClearsEverythingOnThePathOnly() {
        watches.addDataWatch("/p", A);
        watches.addChildWatch("/p", A);
        watches.addPersistent("/p", A, true);
        watches.addDataWatch("/q", A);
        watches.addDataWatch("/p", B);
        assertThat(watches.removeWatches("/p", A, WatcherType.ANY, true)).isEqualTo(ErrorCode.OK);
        assertThat(watches.watchCount()).isEqualTo(4);
        assertThat(watches.removeWatches("/p", A, WatcherType.ANY, false)).isEqualTo(ErrorCode.OK);
        assertThat(watches.dataModes("/p", A)).isZero();
        assertThat(watches.childModes("/p", A)).isZero();
        assertThat(watches.watchCount()).isEqualTo(2);
        assertThat(watches.removeWatches("/p", A, WatcherType.ANY, false)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.removeWatches("/nothing", A, WatcherType.ANY, true)).isEqualTo(ErrorCode.NOWATCHER);
    }

    @Test
    void anotherWatchersWatchIsNotMine() {
        watches.addDataWatch("/p", B);
        assertThat(watches.removeWatches("/p", A, WatcherType.DATA, false)).isEqualTo(ErrorCode.NOWATCHER);
        assertThat(watches.dataWatchCount()).isEqualTo(1);
    }

    @Test
    void unknownTypeIsMarshallingError() {
        watches.addDataWatch("/p", A);
        assertThat(watches.removeWatches("/p", A, 9, false)).isEqualTo(ErrorCode.MARSHALLINGERROR);
        assertThat(watches.removeWatches("/p", A, 0, true)).isEqualTo(ErrorCode.MARSHALLINGERROR);
        assertThat(watches.dataWatchCount()).isEqualTo(1);
    }

    // ---- removeWatcher -----------------------------------------------------------------

    @Test
    void removeWatcherDropsEverythingOfThatWatcher() {
        watches.addDataWatch("/a", A);
        watches.addChildWatch("/a", A);
        watches.addPersistent("/b", A, false);
        watches.addPersistent("/", A, true);
        watches.addDataWatch("/a", B);
        watches.removeWatcher(A);
        assertThat(watches.watchCount()).isEqualTo(1);
        assertThat(watches.recursiveWatchCount()).isZero();
        assertThat(watches.watcherCount()).isEqualTo(1);
        assertThat(watches.pathCount()).isEqualTo(1);
        assertThat(fire(NODE_DELETED, "/a")).containsExactly(n(B, NODE_DELETED, "/a"));
        assertThat(watches.watchCount()).isZero();
        assertThat(watches.pathCount()).isZero();
        assertThat(watches.watcherCount()).isZero();
        watches.removeWatcher(A);
        watches.removeWatcher(12345);
        assertThat(watches.wchs()).isEqualTo("0 connections watching 0 paths\nTotal watches:0\n");
    }

    // ---- 10.6 setWatches ---------------------------------------------------------------

    private static Request.SetWatches setWatches(long relativeZxid, List<String> data, List<String> exist,
                                                 List<String> child, List<String> persistent,
                                                 List<String> recursive) {
        return new Request.SetWatches(OpCode.SET_WATCHES2, relativeZxid, data, exist, child, persistent, recursive);
    }

    @Test
    void setWatchesFollowsTheTableCellByCell() {
        FakeTree tree = new FakeTree()
                .with("/old", 5, 5)          // unchanged since zxid 10
                .with("/new", 20, 20);       // changed after zxid 10
        List<Notification> events = new java.util.ArrayList<>();
        watches.setWatches(tree, A, setWatches(10,
                List.of("/gone", "/new", "/old"),
                List.of("/gone", "/new"),
                List.of("/gone", "/new", "/old"),
                List.of("/gone", "/old"),
                List.of("/gone", "/new")),
                (w, e) -> events.add(new Notification(w, e)));

        assertThat(events).containsExactly(
                n(A, NODE_DELETED, "/gone"),            // data, missing
                n(A, NODE_DATA_CHANGED, "/new"),        // data, mzxid > rel
                n(A, NODE_CREATED, "/new"),             // exist, present
                n(A, NODE_DELETED, "/gone"),            // child, missing
                n(A, NODE_CHILDREN_CHANGED, "/new"));   // child, pzxid > rel
        // data, present and unchanged -> registered; exist, missing -> registered.
        assertThat(watches.dataModes("/old", A) & WatchTable.STANDARD).isNotZero();
        assertThat(watches.dataModes("/gone", A) & WatchTable.STANDARD).isNotZero();
        // child, present and unchanged -> registered.
        assertThat(watches.childModes("/old", A) & WatchTable.STANDARD).isNotZero();
        // Watches that produced an event are not kept.
        assertThat(watches.dataModes("/new", A) & WatchTable.STANDARD).isZero();
        assertThat(watches.childModes("/new", A)).isZero();
        assertThat(watches.childModes("/gone", A) & WatchTable.STANDARD).isZero();
        // persistent on missing and present -> both tables, no event.
        assertThat(watches.dataModes("/gone", A) & WatchTable.PERSISTENT).isNotZero();
        assertThat(watches.childModes("/gone", A)).isEqualTo(WatchTable.PERSISTENT);
        assertThat(watches.dataModes("/old", A) & WatchTable.PERSISTENT).isNotZero();
        assertThat(watches.childModes("/old", A)).isEqualTo(WatchTable.STANDARD | WatchTable.PERSISTENT);
        // recursive on missing and present -> data table only, no event.
        assertThat(watches.dataModes("/gone", A) & WatchTable.RECURSIVE).isNotZero();
        assertThat(watches.dataModes("/new", A)).isEqualTo(WatchTable.RECURSIVE);
        assertThat(watches.recursiveWatchCount()).isEqualTo(2);
    }

    @Test
    void setWatchesMzxidEqualToRelativeZxidRegisters() {
        FakeTree tree = new FakeTree().with("/x", 10, 10);
        List<Notification> events = new java.util.ArrayList<>();
        watches.setWatches(tree, A, setWatches(10, List.of("/x"), List.of(), List.of("/x"), null, null),
                (w, e) -> events.add(new Notification(w, e)));
        assertThat(events).isEmpty();
        assertThat(fire(NODE_DELETED, "/x")).containsExactly(n(A, NODE_DELETED, "/x"));
    }

    // ---- four-letter words -------------------------------------------------------------

    @Test
    void wchsCountsTheDataTableLikeZooKeeper() {
        watches.addDataWatch("/a", A);
        watches.addDataWatch("/b", A);
        watches.addDataWatch("/a", B);
        watches.addChildWatch("/c", B);
        watches.addChildWatch("/c", 3);   // child-only watcher: not a "connection watching" in wchs
        assertThat(watches.wchs()).isEqualTo("2 connections watching 2 paths\nTotal watches:3\n");
        assertThat(watches.watchCount()).isEqualTo(5);
        assertThat(watches.watcherCount()).isEqualTo(2);
        assertThat(watches.pathCount()).isEqualTo(2);
    }

    @Test
    void wchcListsPathsPerWatcher() {
        watches.addDataWatch("/b", A);
        watches.addDataWatch("/a", A);
        watches.addPersistent("/a", B, true);
        watches.addChildWatch("/c", 3);
        assertThat(watches.wchc()).isEqualTo(
                "0x100000000000001\n\t/a\n\t/b\n"
                + "0x100000000000002\n\t/a\n"
                + "\n");
    }

    @Test
    void wchpListsWatchersPerPath() {
        watches.addDataWatch("/b", A);
        watches.addDataWatch("/a", B);
        watches.addDataWatch("/a", A);
        assertThat(watches.wchp()).isEqualTo(
                "/a\n\t0x100000000000001\n\t0x100000000000002\n"
                + "/b\n\t0x100000000000001\n"
                + "\n");
    }

    @Test
    void detailNamesEachKindOfWatchPerWatcherAndStopsAtTheBound() {
        watches.addDataWatch("/b", A);
        watches.addChildWatch("/b", A);
        watches.addPersistent("/a", A, false);
        watches.addPersistent("/", B, true);
        watches.addDataWatch("/", B);
        assertThat(watches.detail(100)).containsExactly(
                new WatchManager.WatcherDetail(A, List.of(new WatchManager.WatchDetail("/a", List.of("persistent")),
                        new WatchManager.WatchDetail("/b", List.of("data", "children")))),
                new WatchManager.WatcherDetail(B, List.of(new WatchManager.WatchDetail("/", List.of("data", "recursive")))));
        assertThat(watches.detail(1)).containsExactly(
                new WatchManager.WatcherDetail(A, List.of(new WatchManager.WatchDetail("/a", List.of("persistent")))));
        watches.removeWatcher(A);
        assertThat(watches.detail(100)).extracting(WatchManager.WatcherDetail::watcher).containsExactly(B);
    }

    @Test
    void emptyDumpsAreOneNewline() {
        assertThat(watches.wchc()).isEqualTo("\n");
        assertThat(watches.wchp()).isEqualTo("\n");
    }
}
