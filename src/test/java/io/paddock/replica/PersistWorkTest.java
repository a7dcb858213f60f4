package io.paddock.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.consensus.PeerMessage;
import io.paddock.model.Txn;
import io.paddock.model.TxnEntry;
import io.paddock.model.Zxid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How consecutive Readies merge into persist jobs, and what a later cut does to a job being written. */
class PersistWorkTest {
    private static PeerMessage.AppendReply ack(long zxid) {
        return new PeerMessage.AppendReply(1, 3, 2, true, zxid, 0, 0);
    }

    private static ReplicaReady ready(long truncateAfter, List<TxnEntry> entries, List<PeerMessage> afterPersist,
                                      long seq) {
        return new ReplicaReady(null, truncateAfter, null, entries, List.of(), afterPersist, List.of(), null, List.of(),
                List.of(), List.of(), null, seq);
    }

    private static TxnEntry entry(long zxid) {
        return new TxnEntry(zxid, 7, 1, 0, new Txn.Delete("/x"));
    }

    @Test
    void aTruncationMergedIntoTheOpenWorkDropsTheEntriesAndAcksItCovers() {
        PersistWork open = new PersistWork();
        open.merge(ready(-1, List.of(entry(Zxid.of(1, 1)), entry(Zxid.of(1, 2))), List.of(ack(Zxid.of(1, 2))), 4));
        open.merge(ready(Zxid.of(1, 1), List.of(entry(Zxid.of(2, 0))), List.of(ack(Zxid.of(2, 0))), 5));
        assertThat(open.entries()).extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1), Zxid.of(2, 0));
        assertThat(open.afterPersist()).containsExactly(ack(Zxid.of(2, 0)));
        assertThat(open.truncateAfterZxid()).isEqualTo(Zxid.of(1, 1));
        assertThat(open.seq()).isEqualTo(5);
    }

    @Test
    void aCutWhileAWorkIsBeingWrittenDropsItsAcksBeyondTheCutButKeepsTheRest() {
        PersistWork inFlight = new PersistWork();
        inFlight.merge(ready(-1, List.of(entry(Zxid.of(1, 1)), entry(Zxid.of(1, 2))),
                List.of(ack(Zxid.of(1, 1)), ack(Zxid.of(1, 2))), 4));
        inFlight.cutBy(ready(-1, List.of(entry(Zxid.of(1, 3))), List.of(), 5)); // no cut: nothing changes
        assertThat(inFlight.afterPersist()).containsExactly(ack(Zxid.of(1, 1)), ack(Zxid.of(1, 2)));
        inFlight.cutBy(ready(Zxid.of(1, 1), List.of(), List.of(), 6));
        assertThat(inFlight.afterPersist()).containsExactly(ack(Zxid.of(1, 1)));
        assertThat(inFlight.entries()).as("what is being written stays as handed")
                .extracting(TxnEntry::zxid).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
    }
}
