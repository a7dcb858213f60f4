package io.paddock.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replication core of a standalone node (a quorum of one) and quorum arithmetic. */
class ReplicaCoreTest {
    private static TxnEntry entry(long zxid) {
        return new TxnEntry(zxid, 7, 1, 0, new Txn.Delete("/x"));
    }

    private static ReplicaCore leader(long lastLogged, long epoch) {
        ReplicaCore core = new ReplicaCore(1, Set.of(1));
        core.recover(lastLogged);
        core.becomeLeader(epoch);
        return core;
    }

    @Test
    void proposalsArePersistedBeforeTheyAreApplied() {
        ReplicaCore core = leader(0, 1);
        core.propose(entry(core.nextZxid()));
        core.propose(entry(core.nextZxid()));
        Ready first = core.ready();
        assertThat(first.entriesToPersist()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(first.entriesToApply()).isEmpty();
        assertThat(core.hasReady()).isFalse();

        core.persisted(Zxid.of(1, 1));
        Ready second = core.ready();
        assertThat(second.entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1));
        core.persisted(Zxid.of(1, 2));
        assertThat(core.ready().entriesToApply()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 2));
        assertThat(core.committedZxid()).isEqualTo(Zxid.of(1, 2));
    }

    @Test
    void aNewEpochStartsItsCounterAtOne() {
        ReplicaCore core = leader(Zxid.of(3, 41), 4);
        assertThat(core.nextZxid()).isEqualTo(Zxid.of(4, 1));
        assertThatThrownBy(() -> leader(Zxid.of(3, 41), 3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void proposalsMustCarryTheNextZxidAndOnlyALeaderProposes() {
        ReplicaCore core = leader(0, 1);
        assertThatThrownBy(() -> core.propose(entry(Zxid.of(1, 5)))).isInstanceOf(IllegalStateException.class);
        ReplicaCore looking = new ReplicaCore(1, Set.of(1));
        assertThatThrownBy(looking::nextZxid).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> core.persisted(Zxid.of(1, 9))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abandonedProposalsGiveTheirZxidsBackSoTheLogStaysGapFree() {
        ReplicaCore core = leader(0, 1);
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

    @Test
    void quorumIsAMajorityOfVoters() {
        Set<Integer> five = Set.of(1, 2, 3, 4, 5);
        assertThat(Quorum.majority(5)).isEqualTo(3);
        assertThat(Quorum.majority(4)).isEqualTo(3);
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 7L, 3, 5L), five)).isEqualTo(5);
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 7L), five)).isZero();
        assertThat(Quorum.committedZxid(Map.of(1, 9L, 2, 9L, 3, 9L, 4, 2L), five)).isEqualTo(9);
    }

    @Test
    void threeVotersCommitOnTwoAcks() {
        ReplicaCore core = new ReplicaCore(1, Set.of(1, 2, 3));
        core.recover(0);
        core.becomeLeader(1);
        core.propose(entry(core.nextZxid()));
        core.ready();
        core.persisted(Zxid.of(1, 1));
        assertThat(core.hasReady()).isFalse();
        core.ack(3, Zxid.of(1, 1));
        assertThat(core.ready().entriesToApply()).hasSize(1);
        assertThatThrownBy(() -> core.ack(9, 1)).isInstanceOf(IllegalStateException.class);
    }
}
