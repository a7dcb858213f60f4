package io.paddock.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The consensus core as a quorum of one (a standalone node), a follower of three voters
 * committing on the leader's durable notice, and quorum arithmetic.
 */
class ReplicaCoreTest {
    private static TxnEntry entry(long zxid) {
        return new TxnEntry(zxid, 7, 1, 0, new Txn.Delete("/x"));
    }

    /** A standalone core after its first tick: it elected itself, its NEWLEADER is persisted and committed. */
    private static ReplicaCore leader(ElectionState state, long lastLogged) {
        List<TxnEntry> held = lastLogged == 0 ? List.of() : List.of(entry(lastLogged));
        ReplicaCore core = new ReplicaCore(CoreConfig.standalone(1), new SplittableRandom(1), state,
                lastLogged == 0 ? 0 : lastLogged - 1, held, lastLogged, Faults.NONE);
        core.tick();
        Ready elected = core.ready();
        long marker = elected.entriesToPersist().get(0).zxid();
        core.persisted(marker);
        Ready committed = core.ready();
        assertThat(committed.entriesToApply()).extracting(TxnEntry::zxid).containsExactly(marker);
        return core;
    }

    @Test
    void aQuorumOfOneElectsItselfInANewEpochAndCommitsItsMarkerOncePersisted() {
        ReplicaCore core = new ReplicaCore(CoreConfig.standalone(1), new SplittableRandom(1), new ElectionState(4, 0),
                Zxid.of(3, 6), List.of(entry(Zxid.of(3, 7))), Zxid.of(3, 7), Faults.NONE);
        core.tick();
        assertThat(core.role()).isEqualTo(Role.LEADING);
        Ready ready = core.ready();
        assertThat(ready.electionState()).isEqualTo(new ElectionState(5, 1));
        assertThat(ready.entriesToPersist()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(5, 0));
        assertThat(ready.entriesToPersist().get(0).txn()).isEqualTo(new Txn.NewEpoch(1));
        assertThat(ready.entriesToApply()).isEmpty();
        assertThat(core.serving()).isFalse();
        core.persisted(Zxid.of(5, 0));
        assertThat(core.serving()).isTrue();
        assertThat(core.ready().entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(5, 0));
        assertThat(core.nextZxid()).isEqualTo(Zxid.of(5, 1));
    }

    @Test
    void proposalsArePersistedBeforeTheyAreApplied() {
        ReplicaCore core = leader(ElectionState.INITIAL, 0);
        core.propose(entry(core.nextZxid()));
        core.propose(entry(core.nextZxid()));
        Ready first = core.ready();
        assertThat(first.entriesToPersist()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(first.entriesToApply()).isEmpty();
        assertThat(core.hasReady()).isFalse();

        core.persisted(Zxid.of(1, 1));
        assertThat(core.ready().entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1));
        core.persisted(Zxid.of(1, 2));
        assertThat(core.ready().entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 2));
        assertThat(core.committedZxid()).isEqualTo(Zxid.of(1, 2));
    }

    @Test
    void misuseIsRefused() {
        ReplicaCore core = leader(ElectionState.INITIAL, 0);
        assertThatThrownBy(() -> core.propose(entry(Zxid.of(1, 5)))).isInstanceOf(IllegalStateException.class);
        ReplicaCore looking = new ReplicaCore(CoreConfig.standalone(1), new SplittableRandom(1), ElectionState.INITIAL,
                0, List.of(), 0, Faults.NONE);
        assertThatThrownBy(looking::nextZxid).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ReplicaCore(CoreConfig.standalone(1), new SplittableRandom(1),
                new ElectionState(1, 0), 0, List.of(entry(Zxid.of(2, 1))), 0, Faults.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abandonedProposalsGiveTheirZxidsBackSoTheLogStaysGapFree() {
        ReplicaCore core = leader(ElectionState.INITIAL, 0);
        core.propose(entry(core.nextZxid()));
        core.ready();
        core.persisted(Zxid.of(1, 1));
        core.ready();
        core.propose(entry(core.nextZxid()));
        core.propose(entry(core.nextZxid()));
        core.ready();
        core.propose(entry(core.nextZxid()));
        List<TxnEntry> dropped = core.abandonUnpersisted();
        assertThat(dropped).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 2), Zxid.of(1, 3), Zxid.of(1, 4));
        assertThat(core.hasReady()).isFalse();
        assertThat(core.nextZxid()).isEqualTo(Zxid.of(1, 2));
        core.propose(entry(core.nextZxid()));
        core.ready();
        core.persisted(Zxid.of(1, 2));
        assertThat(core.ready().entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 2));
    }

    /** Node 1 of three voters, following node 3 in epoch 1 (nothing received yet). */
    private static ReplicaCore followerOfThree() {
        CoreConfig three = new CoreConfig(1, Set.of(1, 2, 3), Set.of(), 10, 2, 1L << 20, 1L << 20, 16L << 20, 600);
        return new ReplicaCore(three, new SplittableRandom(1), new ElectionState(1, 3), 0, List.of(), 0, Faults.NONE);
    }

    private static TxnEntry marker(long epoch) {
        return new TxnEntry(Zxid.of(epoch, 0), 0, 0, 0, new Txn.NewEpoch(3));
    }

    @Test
    void aFollowerOfThreeCommitsWhatItAndTheLeaderPersistedBeforeTheLeaderSaysItCommitted() {
        ReplicaCore follower = followerOfThree();
        follower.step(new PeerMessage.Append(3, 1, 1, 0, List.of(marker(1), entry(Zxid.of(1, 1))), 0));
        Ready handed = follower.ready();
        assertThat(handed.messagesAfterPersist()).hasSize(1); // the ack waits for the disk
        follower.step(new PeerMessage.Commit(3, 1, 1, 0, Zxid.of(1, 1))); // the leader's disk has both
        assertThat(follower.committedZxid()).isZero(); // this node's disk does not yet
        follower.persisted(Zxid.of(1, 1), handed.seq());
        assertThat(follower.committedZxid()).isEqualTo(Zxid.of(1, 1));
        assertThat(follower.ready().entriesToApply()).extracting(TxnEntry::zxid)
                .containsExactly(Zxid.of(1, 0), Zxid.of(1, 1));
    }

    @Test
    void aPersistReportOfAWriteHandedOutBeforeASnapshotInstallCommitsNothing() {
        ReplicaCore follower = followerOfThree();
        follower.step(new PeerMessage.Append(3, 1, 1, 0,
                List.of(marker(1), entry(Zxid.of(1, 1)), entry(Zxid.of(1, 2))), 0));
        Ready inFlight = follower.ready(); // the shell writes these three while the rest happens
        // The leader lost track of this node and sends its applied state at 0x100000001, then more.
        assertThat(follower.installSnapshot(3, 1, Zxid.of(1, 1))).isTrue();
        follower.step(new PeerMessage.Append(3, 1, 1, Zxid.of(1, 1),
                List.of(entry(Zxid.of(1, 2)), entry(Zxid.of(1, 3))), Zxid.of(1, 1)));
        follower.step(new PeerMessage.Commit(3, 1, 1, Zxid.of(1, 1), Zxid.of(1, 3)));
        Ready cut = follower.ready(); // the snapshot (dropping the log the first write made), then two entries
        assertThat(cut.snapshotInstalledZxid()).isEqualTo(Zxid.of(1, 1));
        // The first write is done: its 0x100000002 is on disk only until the second write drops the log.
        follower.persisted(Zxid.of(1, 2), inFlight.seq());
        assertThat(follower.committedZxid()).isEqualTo(Zxid.of(1, 1));
        follower.persisted(Zxid.of(1, 3), cut.seq());
        assertThat(follower.committedZxid()).isEqualTo(Zxid.of(1, 3));
    }

    @Test
    void quorumIsAMajorityOfVoters() {
        Set<Integer> five = Set.of(1, 2, 3, 4, 5);
        assertThat(Quorum.majority(5)).isEqualTo(3);
        assertThat(Quorum.majority(4)).isEqualTo(3);
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 7L, 3, 5L), five)).isEqualTo(5);
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 7L), five)).isZero();
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 9L, 3, 9L, 4, 2L), five)).isEqualTo(9);
    }
}
