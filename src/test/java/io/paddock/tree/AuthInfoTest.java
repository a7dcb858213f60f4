package io.paddock.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Acl;
import io.paddock.model.Id;
import io.paddock.model.Perms;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The order rule for a connection's identities: ZooKeeper 3.9.5's {@code ConcurrentHashMap}
 * iteration order. The examples were recorded from a real ZooKeeper 3.9.5 server (whoAmI after
 * each addAuth); the property replays random add sequences, heavy bin collisions included, into
 * {@link AuthInfo} and into the running JDK's {@code ConcurrentHashMap} of ZooKeeper's own
 * {@code org.apache.zookeeper.data.Id}, and compares the orders after every add.
 */
class AuthInfoTest {
    private static final Id LOCAL = new Id("ip", "127.0.0.1");
    /** ZooKeeper's {@code Ids.CREATOR_ALL_ACL}: all permissions for every authenticated id of the creator. */
    private static final List<Acl> CREATOR_ALL = List.of(new Acl(Perms.ALL, new Id("auth", "")));

    @Test
    void aNewConnectionHoldsOnlyItsAddress() {
        AuthInfo info = AuthInfo.of(LOCAL);
        assertThat(info.ids()).containsExactly(LOCAL);
        assertThat(info.size()).isEqualTo(1);
        assertThat(AuthInfo.EMPTY.ids()).isEmpty();
    }

    @Test
    void theOrderFollowsTheHashNotTheCallsAsZooKeeperShowsIt() {
        AuthInfo info = addAll(AuthInfo.of(LOCAL), "u0", "u1", "u1", "u3");
        // whoAmI from ZooKeeper 3.9.5 after addAuth u0, u1, u1, u3 on a 127.0.0.1 connection.
        assertThat(names(info)).containsExactly("digest:u3", "digest:u0", "ip:127.0.0.1", "digest:u1");
        List<Acl> acl = AclPolicy.fixup(CREATOR_ALL, info.ids());
        assertThat(acl).extracting(a -> a.id().id().split(":")[0]).containsExactly("u3", "u0", "u1");
        assertThat(acl).allMatch(a -> a.perms() == Perms.ALL && a.id().scheme().equals("digest"));
    }

    @Test
    void superAndRepeatsCountTowardsTheResizeAtTwelveIds() {
        // The sequence of the probe run against ZooKeeper 3.9.5, super digest "super:pw" configured:
        // the twelfth id (u5, counting ip and super) doubled the table to 32 bins.
        AuthInfo info = addAll(AuthInfo.of(LOCAL), "u0", "u1", "u1", "u3", "u4", "u2", "u6", "super", "u4",
                "u9", "u10");
        assertThat(names(info)).containsExactly("digest:u3", "digest:u2", "digest:super", "digest:u9", "super:",
                "digest:u4", "digest:u0", "ip:127.0.0.1", "digest:u1", "digest:u6", "digest:u10");
        info = addAll(info, "u5");
        assertThat(names(info)).containsExactly("digest:u3", "digest:super", "digest:u9", "digest:u5", "digest:u4",
                "digest:u0", "ip:127.0.0.1", "digest:u1", "digest:u6", "digest:u2", "super:", "digest:u10");
        List<Acl> acl = AclPolicy.fixup(CREATOR_ALL, info.ids());
        assertThat(acl).hasSize(10).noneMatch(a -> a.id().scheme().equals("ip") || a.id().scheme().equals("super"));
    }

    @Test
    void aRepeatedIdIsKeptOnceAndChangesNothing() {
        AuthInfo info = addAll(AuthInfo.of(LOCAL), "u0", "u1");
        assertThat(info.with(digest("u0"))).isSameAs(info);
        assertThat(info.with(LOCAL)).isSameAs(info);
        assertThat(info.size()).isEqualTo(3);
    }

    @Test
    void anIdWithoutSchemeOrValueIsRefused() {
        assertThatThrownBy(() -> AuthInfo.of(new Id("ip", null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme and an id");
        assertThatThrownBy(() -> AuthInfo.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theHashIsJuteIdHashCodeSpread() {
        for (Id id : List.of(LOCAL, Id.SUPER, digest("alice"), new Id("", ""))) {
            int h = new org.apache.zookeeper.data.Id(id.scheme(), id.id()).hashCode();
            assertThat(AuthInfo.hash(id)).isEqualTo((h ^ (h >>> 16)) & 0x7fffffff);
        }
        assertThat(AuthInfo.tableSizeFor(49)).isEqualTo(64);
        assertThat(AuthInfo.tableSizeFor(64)).isEqualTo(64);
        assertThat(AuthInfo.tableSizeFor(1)).isEqualTo(1);
    }

    @Test
    void nineCollidingIdsInASmallTableGrowItTo128AndLaterFormATreeBin() {
        List<Id> pool = colliding(0x3ff, 0x015, 40);
        AuthInfo eight = replayAgainstConcurrentHashMap(pool.subList(0, 8));
        assertThat(eight.capacity()).isEqualTo(16);
        // The ninth id walks past eight in its bin: a table under 64 grows instead (16 -> 128 at once).
        AuthInfo nine = eight.with(pool.get(8));
        assertThat(nine.capacity()).isEqualTo(128);
        assertThat(nine.treeBins()).isZero();
        // The tenth walks past nine in a 128 table: the bin becomes a tree bin, where ids are prepended.
        assertThat(nine.with(pool.get(9)).treeBins()).isEqualTo(1);
        AuthInfo all = replayAgainstConcurrentHashMap(pool);
        assertThat(all.ids().get(0)).isEqualTo(pool.get(39));
    }

    @Test
    void aRepeatFoundEighthInItsBinStillGrowsTheTable() {
        List<Id> sequence = new ArrayList<>(colliding(0x3ff, 0x2a, 8));
        assertThat(replayAgainstConcurrentHashMap(sequence).capacity()).isEqualTo(16);
        sequence.add(sequence.get(6)); // found seventh: the map counts 7 ids, no change
        AuthInfo seventh = replayAgainstConcurrentHashMap(sequence);
        assertThat(seventh.capacity()).isEqualTo(16);
        assertThat(seventh.with(sequence.get(6))).isSameAs(seventh);
        sequence.add(sequence.get(7)); // found eighth: the map counts 8 and grows the table, adding nothing
        AuthInfo eighth = replayAgainstConcurrentHashMap(sequence);
        assertThat(eighth.capacity()).isEqualTo(128);
        assertThat(eighth.size()).isEqualTo(8);
        assertThat(eighth.ids()).containsExactlyInAnyOrderElementsOf(sequence.subList(0, 8));
    }

    @Test
    void treeBinsSplitAndUntreeifyOnResizeLikeTheMap() {
        // Two groups sharing one bin of the 128 table but differing in hash bit 7: the shared bin
        // becomes a tree bin; the 96th id doubles the table to 256 and splits it into two halves,
        // each a tree again when it has more than 6 ids, else a plain list.
        for (int small : new int[] {8, 5}) {
            List<Id> sequence = interleave(colliding(0x3ff, 0x015, 10), colliding(0x3ff, 0x095, small));
            AuthInfo shared = replayAgainstConcurrentHashMap(sequence);
            assertThat(shared.capacity()).isEqualTo(128);
            assertThat(shared.treeBins()).isEqualTo(1);
            sequence.addAll(plainIds(96 - sequence.size()));
            AuthInfo split = replayAgainstConcurrentHashMap(sequence);
            assertThat(split.capacity()).isEqualTo(256);
            assertThat(split.treeBins()).as("halves of 10 and %s", small).isEqualTo(small > 6 ? 2 : 1);
        }
    }

    @Property(tries = 300)
    void everyAddSequenceMatchesZooKeepersSet(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Id> pool = new ArrayList<>(plainIds(40));
        pool.add(Id.SUPER);
        int mask = (1 << (3 + random.nextInt(8))) - 1;
        pool.addAll(colliding(mask, random.nextInt(mask + 1), 12));
        pool.addAll(colliding(mask, random.nextInt(mask + 1), 12));
        int steps = 1 + random.nextInt(random.nextBoolean() ? 20 : 160);
        List<Id> sequence = new ArrayList<>();
        sequence.add(LOCAL);
        for (int i = 0; i < steps; i++) {
            // Repeats are frequent on purpose: a repeat deep in a bin can reshape the table.
            boolean repeat = !sequence.isEmpty() && random.nextInt(4) == 0;
            List<Id> from = repeat ? sequence : pool;
            sequence.add(from.get(random.nextInt(from.size())));
        }
        replayAgainstConcurrentHashMap(sequence);
    }

    /** Adds every id of {@code sequence} to both sets; after each add the two orders must agree. */
    private static AuthInfo replayAgainstConcurrentHashMap(List<Id> sequence) {
        Set<org.apache.zookeeper.data.Id> reference = ConcurrentHashMap.newKeySet();
        AuthInfo info = AuthInfo.EMPTY;
        for (int step = 0; step < sequence.size(); step++) {
            Id id = sequence.get(step);
            reference.add(new org.apache.zookeeper.data.Id(id.scheme(), id.id()));
            info = info.with(id);
            List<Id> expected = new ArrayList<>();
            for (org.apache.zookeeper.data.Id zk : reference) {
                expected.add(new Id(zk.getScheme(), zk.getId()));
            }
            assertThat(info.ids()).as("after add %s (%s)", step, id).isEqualTo(expected);
        }
        return info;
    }

    /** {@code count} digest ids whose spread hash has {@code bits} under {@code mask}. */
    private static List<Id> colliding(int mask, int bits, int count) {
        List<Id> out = new ArrayList<>();
        for (int k = 0; out.size() < count; k++) {
            Id id = new Id("digest", "c" + bits + "-" + k + ":h");
            if ((AuthInfo.hash(id) & mask) == (bits & mask)) {
                out.add(id);
            }
        }
        return out;
    }

    private static List<Id> interleave(List<Id> first, List<Id> second) {
        List<Id> out = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    private static List<Id> plainIds(int count) {
        List<Id> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(digest("p" + i));
        }
        return out;
    }

    /** Adds each user's digest id ("user:pw"), "super" with its super id first, as ZooKeeper does. */
    private static AuthInfo addAll(AuthInfo info, String... users) {
        for (String user : users) {
            if (user.equals("super")) {
                info = info.with(Id.SUPER);
            }
            info = info.with(digest(user));
        }
        return info;
    }

    private static Id digest(String user) {
        return new Id("digest", DigestAuth.generateDigest(user + ":pw"));
    }

    private static List<String> names(AuthInfo info) {
        List<String> out = new ArrayList<>();
        for (Id id : info.ids()) {
            out.add(id.scheme() + ":" + (id.scheme().equals("digest") ? id.id().split(":")[0] : id.id()));
        }
        return out;
    }
}
