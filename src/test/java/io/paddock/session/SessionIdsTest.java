package io.paddock.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionIdsTest {
    @Test
    void initialFollowsZooKeeperLayout() {
        long now = 0x0123_4567_89ABL;
        long id = SessionIds.initial(1, now);
        assertThat(id >>> 56).isEqualTo(1);
        assertThat(id).isEqualTo((1L << 56) | ((now << 24) >>> 8));
        // The low 16 bits are the per-session counter and start at 0.
        assertThat(id & 0xFFFF).isZero();
        assertThat(Long.toHexString(id)).startsWith("1");
    }

    @Test
    void nextIncrements() {
        SessionIds ids = new SessionIds(1, 1_000_000);
        long first = ids.next();
        assertThat(first).isEqualTo(SessionIds.initial(1, 1_000_000));
        assertThat(ids.next()).isEqualTo(first + 1);
        assertThat(ids.peek()).isEqualTo(first + 2);
    }

    @Test
    void neverZeroNorMinValue() {
        SessionIds zero = new SessionIds(0, 0);
        assertThat(zero.next()).isEqualTo(1);
        SessionIds negative = new SessionIds(128, 0);
        assertThat(SessionIds.initial(128, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(negative.next()).isEqualTo(Long.MIN_VALUE + 1);
    }

    @Test
    void advancePastSkipsRecoveredIdsOfOurPrefix() {
        SessionIds ids = new SessionIds(1, 1_000);
        long recovered = SessionIds.initial(1, 5_000) + 7;
        ids.advancePast(recovered);
        assertThat(ids.next()).isEqualTo(recovered + 1);
        // An older id changes nothing.
        ids.advancePast(SessionIds.initial(1, 10));
        assertThat(ids.next()).isEqualTo(recovered + 2);
        // Another server's prefix cannot collide and is ignored.
        ids.advancePast(SessionIds.initial(2, 9_999_999));
        assertThat(ids.next()).isEqualTo(recovered + 3);
    }

    @Test
    void rejectsServerIdsOutsideOneByteWithoutFf() {
        assertThatThrownBy(() -> SessionIds.initial(255, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SessionIds.initial(-1, 0)).isInstanceOf(IllegalStateException.class);
    }
}
