package io.paddock.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {
    private final SessionTracker tracker = new SessionTracker(2000);

    @Test
    void bucketIsFirstTickBoundaryStrictlyAfterDeadline() {
        tracker.add(1, 10_000, 1_500);   // deadline 11_500 -> 12_000
        tracker.add(2, 10_000, 2_000);   // deadline 12_000 exactly -> next boundary 14_000 (ZooKeeper's formula)
        tracker.add(3, 4_000, 0);        // deadline 4_000 -> 6_000

        assertThat(tracker.expiryOf(1)).isEqualTo(12_000);
        assertThat(tracker.expiryOf(2)).isEqualTo(14_000);
        assertThat(tracker.expiryOf(3)).isEqualTo(6_000);
    }

    @Test
    void untouchedSessionExpiresAtItsBucketAndOnlyOnce() {
        tracker.add(7, 10_000, 1_500);

        assertThat(tracker.expired(11_999)).isEmpty();
        assertThat(tracker.isClosing(7)).isFalse();
        assertThat(tracker.expired(12_000)).containsExactly(7L);
        assertThat(tracker.isClosing(7)).isTrue();
        assertThat(tracker.expired(12_000)).isEmpty();
        assertThat(tracker.expired(100_000)).isEmpty();
        // Still known (the close txn has not been applied) until removed.
        assertThat(tracker.size()).isEqualTo(1);
        tracker.remove(7);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void touchedSessionKeepsLiving() {
        tracker.add(7, 6_000, 0);
        for (long now = 1_000; now <= 60_000; now += 1_000) {
            assertThat(tracker.touch(7, now)).isTrue();
            assertThat(tracker.expired(now)).isEmpty();
        }
        assertThat(tracker.expiryOf(7)).isEqualTo(68_000);
        assertThat(tracker.expired(67_999)).isEmpty();
        assertThat(tracker.expired(68_000)).containsExactly(7L);
    }

    @Test
    void touchFailsForUnknownAndClosingSessions() {
        assertThat(tracker.touch(99, 0)).isFalse();
        tracker.add(5, 4_000, 0);
        tracker.markClosing(5);
        assertThat(tracker.isClosing(5)).isTrue();
        assertThat(tracker.touch(5, 1_000)).isFalse();
        assertThat(tracker.expiryOf(5)).isEqualTo(6_000);
    }

    @Test
    void closingSessionWhoseCloseNeverLandsStillExpiresOnce() {
        tracker.add(5, 4_000, 0);
        tracker.markClosing(5);
        assertThat(tracker.expired(6_000)).containsExactly(5L);
        assertThat(tracker.expired(8_000)).isEmpty();
    }

    @Test
    void removedSessionNeverExpires() {
        tracker.add(1, 4_000, 0);
        tracker.add(2, 4_000, 0);
        tracker.remove(1);
        assertThat(tracker.expired(6_000)).containsExactly(2L);
        assertThat(tracker.timeoutOf(1)).isZero();
        assertThat(tracker.isClosing(1)).isFalse();
    }

    @Test
    void expiryWalksEverySkippedBucketInOrder() {
        tracker.add(1, 4_000, 0);      // 6_000
        tracker.add(2, 8_000, 0);      // 10_000
        tracker.add(3, 20_000, 0);     // 22_000
        assertThat(tracker.expired(10_500)).containsExactly(1L, 2L);
        assertThat(tracker.expired(1_000_000_000L)).containsExactly(3L);
    }

    @Test
    void longPauseUsesScanAndKeepsBucketOrder() {
        for (long id = 1; id <= 5; id++) {
            tracker.add(id, (int) (id * 10_000), 0);
        }
        // Far more boundaries than buckets: the scan path.
        List<Long> expired = tracker.expired(10_000_000_000L);
        assertThat(expired).containsExactly(1L, 2L, 3L, 4L, 5L);
        tracker.add(9, 4_000, 10_000_000_000L);
        assertThat(tracker.expired(10_000_003_999L)).isEmpty();
        assertThat(tracker.expired(10_000_006_000L)).containsExactly(9L);
    }

    @Test
    void restoreGivesRecoveredSessionsAFullTimeout() {
        long restart = 500_000;
        tracker.add(11, 30_000, restart);
        tracker.add(12, 5_000, restart);
        assertThat(tracker.ids()).containsExactlyInAnyOrder(11L, 12L);
        assertThat(tracker.timeoutOf(11)).isEqualTo(30_000);
        assertThat(tracker.expired(restart + 5_000)).isEmpty();
        assertThat(tracker.expired(restart + 6_000)).containsExactly(12L);
        assertThat(tracker.expired(restart + 32_000)).containsExactly(11L);
    }

    @Test
    void reAddChangesTimeoutAndReschedules() {
        tracker.add(1, 4_000, 0);
        tracker.add(1, 40_000, 0);
        assertThat(tracker.size()).isEqualTo(1);
        assertThat(tracker.timeoutOf(1)).isEqualTo(40_000);
        assertThat(tracker.expired(6_000)).isEmpty();
        assertThat(tracker.expired(42_000)).containsExactly(1L);
    }

    @Test
    void manySessionsInOneBucketAllExpire() {
        for (long id = 1; id <= 1000; id++) {
            tracker.add(id, 4_000, id);
        }
        // Unlink from the middle of a bucket list.
        tracker.remove(500);
        assertThat(tracker.touch(501, 3_000)).isTrue();
        assertThat(tracker.expired(6_000)).hasSize(998).doesNotContain(500L, 501L);
        assertThat(tracker.expired(8_000)).containsExactly(501L);
    }

    @Test
    void rejectsNonPositiveTickAndTimeout() {
        assertThatThrownBy(() -> new SessionTracker(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.add(1, 0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
