package io.paddock.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * What the crash test's clients were told, across every round: acknowledged creates (path to
 * data), per-key setData state, multi pairs issued and acknowledged, and the highest zxid seen
 * in an acknowledgement. Written by ZooKeeper callback threads and the writer threads, read by
 * the verifier while no writer runs (after the clients are closed and every callback is in).
 */
final class CrashModel {
    /** Acknowledged creates: full path to data. */
    final ConcurrentHashMap<String, String> created = new ConcurrentHashMap<>();
    /** Acknowledged creates not yet checked for data. */
    final ConcurrentHashMap<String, String> createdThisRound = new ConcurrentHashMap<>();
    /** Creates issued per writer parent (upper bound on its children). */
    final ConcurrentHashMap<String, AtomicLong> createsIssued = new ConcurrentHashMap<>();
    /** setData state per key. */
    final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
    /** Multi pairs issued, and the ones known to be durable (acknowledged or seen after a restart). */
    final Set<Long> pairsIssued = ConcurrentHashMap.newKeySet();
    final Set<Long> pairsDurable = ConcurrentHashMap.newKeySet();
    final AtomicLong pairIds = new AtomicLong();
    final LongAccumulator maxAckedZxid = new LongAccumulator(Math::max, 0);
    /** Acknowledged ops in the current round and in all rounds. */
    final AtomicLong roundAcked = new AtomicLong();
    final AtomicLong totalAcked = new AtomicLong();

    /**
     * One key's setData history: values are "seq:N"; {@code issued} is the highest N sent,
     * ({@code version}, {@code seq}) the last acknowledged (or observed after a restart) pair.
     * Only one writer thread issues for a key, and its callbacks arrive in order.
     */
    static final class KeyState {
        volatile long issued;
        volatile long seq;
        volatile int version;

        synchronized void acknowledge(long ackSeq, int ackVersion) {
            if (ackVersion > version) {
                version = ackVersion;
                seq = ackSeq;
            }
        }
    }

    void acked(long zxid) {
        maxAckedZxid.accumulate(zxid);
        roundAcked.incrementAndGet();
        totalAcked.incrementAndGet();
    }

    static String value(long seq) {
        return "seq:" + seq;
    }

    static long seqOf(String value) {
        if (!value.startsWith("seq:")) {
            throw new IllegalStateException("unexpected key value " + value);
        }
        return Long.parseLong(value.substring(4));
    }
}
