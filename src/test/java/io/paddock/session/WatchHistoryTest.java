package io.paddock.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.EventType;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import io.paddock.model.WatchEvent;
import io.paddock.tree.SessionInfo;
import io.paddock.tree.TreeView;
import io.paddock.tree.Znode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The watch history: a replay from a zxid hands exactly the events a live watch registered at
 * that zxid would have received (checked against the real {@link WatchManager} on seeded random
 * histories), with the ACL live delivery would have checked; eviction moves the oldest servable
 * zxid and never leaves a gap.
 */
class WatchHistoryTest {
    private static final String[] PATHS = {"/", "/a", "/a/b", "/a/b/c", "/a/bc", "/ab", "/x", "/x/y"};
    /** Watched paths: every znode path above, and two no znode can have, which a client may still send. */
    private static final String[] WATCHED = {"/", "/a", "/a/b", "/a/b/c", "/a/bc", "/ab", "/x", "/x/y", "", "/a/"};
    private static final TreeView EMPTY = new Tree(Map.of());

    record Seen(long zxid, int type, String path) {}

    @Test
    void replayEqualsWhatALiveWatchReceivesOnRandomHistories() {
        for (long seed = 1; seed <= 600; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<List<WatchEvent>> txns = randomTxns(random, 1 + random.nextInt(40));
            String path = WATCHED[random.nextInt(WATCHED.length)];
            boolean recursive = random.nextBoolean();
            int registeredAfter = random.nextInt(txns.size() + 1);

            // Small capacities half the time, so that eviction and ring wrap-around happen mid-history.
            WatchHistory history = new WatchHistory(random.nextBoolean() ? 1000 : 1 + random.nextInt(12), 100);
            WatchManager live = new WatchManager();
            List<Seen> expected = new ArrayList<>();
            long fromZxid = 100;
            for (int i = 0; i < txns.size(); i++) {
                if (i == registeredAfter) {
                    live.addPersistent(path, 7, recursive);
                    fromZxid = 100 + i;
                }
                long zxid = 101 + i;
                history.record(zxid, txns.get(i), EMPTY, EMPTY);
                for (WatchEvent event : txns.get(i)) {
                    live.trigger(event, (watcher, e) -> expected.add(new Seen(zxid, e.type(), e.path())));
                }
            }
            if (registeredAfter == txns.size()) {
                fromZxid = 100 + txns.size();
            }
            if (!history.covers(fromZxid)) {
                assertThat(fromZxid).as("seed %d: only history that was evicted is refused", seed)
                        .isLessThan(history.oldestZxid());
                continue;
            }
            List<Seen> replayed = new ArrayList<>();
            history.replay(fromZxid, path, recursive, (zxid, e, acl) -> replayed.add(new Seen(zxid, e.type(), e.path())));

            assertThat(replayed).as("seed %d, watch %s recursive=%s from %d", seed, path, recursive, fromZxid)
                    .isEqualTo(expected);
        }
    }

    /** Txns of 0-3 events; a created or deleted node also changes its parent's children, as the tree reports. */
    private static List<List<WatchEvent>> randomTxns(SplittableRandom random, int count) {
        List<List<WatchEvent>> txns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<WatchEvent> events = new ArrayList<>();
            int n = random.nextInt(4);
            for (int e = 0; e < n; e++) {
                String path = PATHS[1 + random.nextInt(PATHS.length - 1)];
                int type = EventType.NODE_CREATED + random.nextInt(4);
                events.add(new WatchEvent(type, path));
            }
            txns.add(List.copyOf(events));
        }
        return txns;
    }

    @Test
    void eachEventCarriesTheAclOfItsNodeAfterTheBatchOrBeforeItWhenTheBatchDeletedIt() {
        List<Acl> open = Acl.OPEN_ACL_UNSAFE;
        List<Acl> secret = List.of(new Acl(Perms.ALL, new Id("digest", "alice:hash")));
        TreeView before = new Tree(Map.of("/gone", secret, "/kept", secret));
        TreeView after = new Tree(Map.of("/kept", open, "/new", secret));
        WatchHistory history = new WatchHistory(10, 0);
        history.record(1, List.of(new WatchEvent(EventType.NODE_DELETED, "/gone"),
                new WatchEvent(EventType.NODE_DATA_CHANGED, "/kept"), new WatchEvent(EventType.NODE_CREATED, "/new"),
                new WatchEvent(EventType.NODE_DELETED, "/never")), after, before);
        history.record(2, List.of(new WatchEvent(EventType.NODE_DELETED, "/gone")), after, before);

        List<Object> acls = new ArrayList<>();
        history.replay(0, "/", true, (zxid, event, acl) -> acls.add(event.path() + "=" + (acl == secret ? "secret"
                : acl == open ? "open" : String.valueOf(acl))));

        assertThat(acls).containsExactly("/gone=secret", "/kept=open", "/new=secret", "/never=null", "/gone=secret");
    }

    @Test
    void evictionMovesTheOldestServableZxidAndKeepsEverythingAfterIt() {
        WatchHistory history = new WatchHistory(3, 10);
        for (long zxid = 11; zxid <= 15; zxid++) {
            history.record(zxid, List.of(new WatchEvent(EventType.NODE_DATA_CHANGED, "/a")), EMPTY, EMPTY);
        }
        history.record(16, List.of(), EMPTY, EMPTY); // no events: held nowhere, but the history reaches it

        assertThat(history.size()).isEqualTo(3);
        assertThat(history.eventCount()).isEqualTo(3);
        assertThat(history.oldestZxid()).isEqualTo(12);
        assertThat(history.lastZxid()).isEqualTo(16);
        assertThat(history.covers(11)).isFalse();
        assertThat(history.covers(12)).isTrue();
        assertThat(history.covers(16)).isTrue();
        assertThat(history.covers(17)).isFalse();
        List<Long> zxids = new ArrayList<>();
        history.replay(12, "/a", false, (zxid, event, acl) -> zxids.add(zxid));
        assertThat(zxids).containsExactly(13L, 14L, 15L);
        zxids.clear();
        history.replay(14, "/a", false, (zxid, event, acl) -> zxids.add(zxid));
        assertThat(zxids).containsExactly(15L);
        assertThatThrownBy(() -> history.replay(11, "/a", false, (zxid, event, acl) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void evictingATxnOfManyEventsFreesThemAll() {
        WatchHistory history = new WatchHistory(2, 0);
        List<WatchEvent> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(new WatchEvent(EventType.NODE_CREATED, "/m/" + i));
        }
        history.record(1, many, EMPTY, EMPTY);
        history.record(2, List.of(new WatchEvent(EventType.NODE_DELETED, "/m/0")), EMPTY, EMPTY);
        assertThat(history.eventCount()).isEqualTo(2001);
        history.record(3, List.of(new WatchEvent(EventType.NODE_DELETED, "/m/1")), EMPTY, EMPTY);
        assertThat(history.eventCount()).isEqualTo(2);
        assertThat(history.oldestZxid()).isEqualTo(1);
        List<Seen> replayed = new ArrayList<>();
        history.replay(1, "/m", true, (zxid, e, acl) -> replayed.add(new Seen(zxid, e.type(), e.path())));
        assertThat(replayed).containsExactly(new Seen(2, EventType.NODE_DELETED, "/m/0"),
                new Seen(3, EventType.NODE_DELETED, "/m/1"));
    }

    @Test
    void growsPastItsFirstArraysAndWrapsAroundInOrder() {
        WatchHistory history = new WatchHistory(1500, 0);
        for (long zxid = 1; zxid <= 4000; zxid++) {
            history.record(zxid, List.of(new WatchEvent(EventType.NODE_DATA_CHANGED, "/n" + (zxid % 3))), EMPTY, EMPTY);
        }
        assertThat(history.size()).isEqualTo(1500);
        assertThat(history.oldestZxid()).isEqualTo(2500);
        List<Long> zxids = new ArrayList<>();
        history.replay(3990, "/", true, (zxid, event, acl) -> zxids.add(zxid));
        assertThat(zxids).containsExactly(3991L, 3992L, 3993L, 3994L, 3995L, 3996L, 3997L, 3998L, 3999L, 4000L);
    }

    @Test
    void aResetForgetsEverythingAndWithoutCapacityOnlyTheCurrentZxidIsServable() {
        WatchHistory history = new WatchHistory(5, 0);
        history.record(1, List.of(new WatchEvent(EventType.NODE_CREATED, "/a")), EMPTY, EMPTY);
        history.reset(50);
        assertThat(history.size()).isZero();
        assertThat(history.covers(1)).isFalse();
        assertThat(history.covers(50)).isTrue();

        WatchHistory none = new WatchHistory(0, 0);
        none.record(1, List.of(new WatchEvent(EventType.NODE_CREATED, "/a")), EMPTY, EMPTY);
        none.record(2, List.of(), EMPTY, EMPTY);
        assertThat(none.covers(0)).isFalse();
        assertThat(none.oldestZxid()).isEqualTo(1);
        assertThat(none.covers(2)).isTrue();
    }

    @Test
    void txnsMustComeInZxidOrder() {
        WatchHistory history = new WatchHistory(5, 10);
        assertThatThrownBy(() -> history.record(10, List.of(), EMPTY, EMPTY)).isInstanceOf(IllegalStateException.class);
        history.record(11, List.of(), EMPTY, EMPTY);
        assertThatThrownBy(() -> history.record(11, List.of(), EMPTY, EMPTY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recursiveMatchingIsByPathSegmentNotByPrefix() {
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_CREATED, "/a/b"), "/a", true)).isTrue();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_CREATED, "/ab"), "/a", true)).isFalse();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/a"), "/a", true)).isFalse();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_CHILDREN_CHANGED, "/a"), "/a", false)).isTrue();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_DELETED, "/a/b"), "/a", false)).isFalse();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_DELETED, "/a/b"), "/", true)).isTrue();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_DELETED, "/a/b"), "", true)).isFalse();
        assertThat(WatchHistory.matches(new WatchEvent(EventType.NODE_DELETED, "/a/b"), "/a/", true)).isFalse();
    }

    /** A tree of ACLs only, enough for the history's lookups. */
    private record Tree(Map<String, List<Acl>> acls) implements TreeView {
        @Override
        public Znode node(String path) {
            List<Acl> acl = acls.get(path);
            return acl == null ? null : new Znode(new byte[0], acl, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0);
        }

        @Override
        public Collection<String> childNames(String path) {
            return List.of();
        }

        @Override
        public SessionInfo session(long sessionId) {
            return null;
        }

        @Override
        public Collection<String> ephemeralsOf(long sessionId) {
            return List.of();
        }

        @Override
        public long lastZxid() {
            return 0;
        }
    }
}
