package io.paddock.consensus;

import java.util.ArrayDeque;

/**
 * The leader's view of one follower or observer in the current epoch (etcd's Progress).
 *
 * <p>States: PROBE, one append in flight until the follower says where its log agrees with
 * ours; REPLICATE, appends pipelined up to the in-flight byte bound; SNAPSHOT, waiting for the
 * follower to install a snapshot because the entries it needs are no longer held.
 *
 * <p>Confined to the core's thread. Invariants: {@code matchZxid <= nextPrevZxid} in
 * REPLICATE; {@code inflight} holds, oldest first, the last zxid and size of every append sent
 * in REPLICATE and not yet acknowledged, and {@code inflightBytes} is their sum.
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    final int id;
    final boolean voter;
    State state = State.PROBE;
    /** Invariant: the peer's log agrees with the leader's up to here (acknowledged, durable). */
    long matchZxid;
    /** The prevZxid of the next append to send. */
    long nextPrevZxid;
    /** PROBE: an append is in flight and not answered. */
    boolean probeSent;
    /** PROBE: the probe in flight went unanswered and the next one is a resend, without entries. */
    boolean probeResend;
    /** PROBE: ticks since the probe in flight was sent, and the last heartbeat round sent before it. */
    int probeTicks;
    long probeSeq;
    /** SNAPSHOT: the zxid of the snapshot sent, and ticks spent waiting for it. */
    long snapshotZxid;
    int snapshotTicks;
    /** Heard from since the last check-quorum round. */
    boolean recentActive;
    /**
     * Heard from in this epoch, and since the transport last reported the connection lost
     * ({@code peerDisconnected}): a peer that is only silent (paused, starved) stays in touch.
     */
    boolean inTouch;
    /** Heartbeat ticks since the last acknowledgement that moved matchZxid, while appends are in flight. */
    int stalledTicks;
    /** Highest heartbeat round the peer has answered. */
    long ackedSeq;
    final ArrayDeque<long[]> inflight = new ArrayDeque<>();
    long inflightBytes;

    Progress(int id, boolean voter, long nextPrevZxid) {
        this.id = id;
        this.voter = voter;
        this.nextPrevZxid = nextPrevZxid;
    }

    void becomeProbe(long prevZxid) {
        state = State.PROBE;
        nextPrevZxid = prevZxid;
        probeSent = false;
        probeResend = false;
        clearInflight();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        nextPrevZxid = Math.max(nextPrevZxid, matchZxid);
        probeSent = false;
        stalledTicks = 0;
    }

    void becomeSnapshot(long zxid) {
        state = State.SNAPSHOT;
        snapshotZxid = zxid;
        snapshotTicks = 0;
        probeSent = false;
        clearInflight();
    }

    void sent(long lastZxid, long bytes) {
        inflight.addLast(new long[] {lastZxid, bytes});
        inflightBytes += bytes;
    }

    /** Frees the in-flight appends the peer has acknowledged up to {@code zxid}. */
    void acked(long zxid) {
        while (!inflight.isEmpty() && inflight.peekFirst()[0] <= zxid) {
            inflightBytes -= inflight.pollFirst()[1];
        }
    }

    private void clearInflight() {
        inflight.clear();
        inflightBytes = 0;
    }
}
