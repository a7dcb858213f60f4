package io.paddock.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Session liveness and expiry, ZooKeeper's {@code ExpiryQueue} without its thread or clock.
 *
 * <p>Owns, per live session: its negotiated timeout, the expiry bucket it sits in and whether
 * it is closing. Time arrives as {@code nowMs} from the shell. A session with timeout T touched
 * at t goes into the bucket {@code roundToNextInterval(t + T)}, the first multiple of
 * {@code tickMs} strictly greater than t + T (ZooKeeper's formula, so a deadline that falls on
 * a boundary moves to the next one). {@link #expired(long)} hands out every session whose bucket
 * time is &lt;= now, exactly once, and marks it closing.
 *
 * <p>Buckets are intrusive doubly-linked lists of sessions in a map keyed by bucket time, so
 * {@link #touch} is O(1) and allocates nothing when the session stays in its bucket (the common
 * case: many packets per tick), and a new bucket object at most once per tick otherwise.
 *
 * <p>Closing: {@link #markClosing} (the client's closeSession) and {@link #expired} set the
 * flag; a closing session can no longer be touched (the request that tried is dropped). A
 * session marked closing by {@link #markClosing} stays in its bucket, so if its closeSession
 * never takes effect it is still reported by {@link #expired} when its time comes (as ZooKeeper
 * does); the caller must therefore tolerate a second close of a session it is already closing.
 * {@link #remove} forgets a session (closeSession applied).
 *
 * <p>Single-threaded (the node's event loop). Invariants: every non-closing session sits in
 * exactly one bucket; every bucket in the map is non-empty; every bucket time is a multiple of
 * tickMs and &gt;= {@code lowestBucket}.
 */
public final class SessionTracker {
    private final int tickMs;
    private final LongMap<Session> sessions = new LongMap<>(64);
    private final LongMap<Bucket> buckets = new LongMap<>(16);
    /** A lower bound of every bucket time present; Long.MAX_VALUE when there has been none. */
    private long lowestBucket = Long.MAX_VALUE;

    public SessionTracker(int tickMs) {
        if (tickMs <= 0) {
            throw new IllegalStateException("tickMs must be positive: " + tickMs);
        }
        this.tickMs = tickMs;
    }

    /**
     * Starts tracking a session, or re-arms a known one with a new timeout, giving it a full
     * timeout from {@code nowMs}. Used for new sessions and for every session recovered after
     * a restart (with nowMs = restart time). The closing flag of a known session is kept.
     */
    public void add(long sessionId, int timeoutMs, long nowMs) {
        if (timeoutMs <= 0) {
            throw new IllegalStateException("timeoutMs must be positive: " + timeoutMs);
        }
        Session session = sessions.get(sessionId);
        if (session == null) {
            session = new Session(sessionId);
            sessions.put(sessionId, session);
        }
        session.timeoutMs = timeoutMs;
        schedule(session, nowMs);
    }

    /**
     * Records activity: the session's deadline becomes nowMs + its timeout. Returns false, and
     * changes nothing, when the session is unknown or closing.
     */
    public boolean touch(long sessionId, long nowMs) {
        Session session = sessions.get(sessionId);
        if (session == null || session.closing) {
            return false;
        }
        schedule(session, nowMs);
        return true;
    }

    /** Marks a known session closing so that later touches fail; unknown ids are ignored. */
    public void markClosing(long sessionId) {
        Session session = sessions.get(sessionId);
        if (session != null) {
            session.closing = true;
        }
    }

    public boolean isClosing(long sessionId) {
        Session session = sessions.get(sessionId);
        return session != null && session.closing;
    }

    /** Forgets a session; unknown ids are ignored. */
    public void remove(long sessionId) {
        Session session = sessions.remove(sessionId);
        if (session != null && session.bucket != null) {
            unlink(session);
        }
    }

    /**
     * The sessions whose bucket time is &lt;= nowMs and that have not been reported before,
     * in bucket order; each is marked closing and leaves the expiry queue, so it is never
     * reported again (unless it is {@link #add}ed anew). Returns an immutable empty list, without
     * allocating, when nothing expires.
     */
    public List<Long> expired(long nowMs) {
        if (buckets.isEmpty()) {
            lowestBucket = Long.MAX_VALUE;
            return List.of();
        }
        if (lowestBucket > nowMs) {
            return List.of();
        }
        List<Long> result = new ArrayList<>();
        long boundaries = (nowMs - lowestBucket) / tickMs + 1;
        if (boundaries <= buckets.size() + 64L) {
            for (long time = lowestBucket; time <= nowMs; time += tickMs) {
                drain(time, result);
            }
        } else {
            // A long pause (or the first call) spans many boundaries: scan the buckets instead.
            for (long time : dueBucketTimes(nowMs)) {
                drain(time, result);
            }
        }
        lowestBucket = roundToNextInterval(nowMs);
        return result.isEmpty() ? List.of() : result;
    }

    public int size() {
        return sessions.size();
    }

    /** A snapshot of the tracked session ids, closing ones included. */
    public Collection<Long> ids() {
        List<Long> ids = new ArrayList<>(sessions.size());
        for (int slot = 0; slot < sessions.capacity(); slot++) {
            if (sessions.valueAt(slot) != null) {
                ids.add(sessions.keyAt(slot));
            }
        }
        return ids;
    }

    public boolean contains(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** The session's timeout in ms, or 0 when unknown. */
    public int timeoutOf(long sessionId) {
        Session session = sessions.get(sessionId);
        return session == null ? 0 : session.timeoutMs;
    }

    /** The bucket time the session expires at, or 0 when unknown or already reported expired. */
    public long expiryOf(long sessionId) {
        Session session = sessions.get(sessionId);
        return session == null || session.bucket == null ? 0 : session.bucket.time;
    }

    public int tickMs() {
        return tickMs;
    }

    /** The first multiple of tickMs strictly greater than {@code timeMs}. */
    long roundToNextInterval(long timeMs) {
        return (Math.floorDiv(timeMs, tickMs) + 1) * tickMs;
    }

    private void schedule(Session session, long nowMs) {
        long time = roundToNextInterval(nowMs + session.timeoutMs);
        Bucket current = session.bucket;
        if (current != null) {
            if (current.time == time) {
                return;
            }
            unlink(session);
        }
        Bucket bucket = buckets.get(time);
        if (bucket == null) {
            bucket = new Bucket(time);
            buckets.put(time, bucket);
            lowestBucket = Math.min(lowestBucket, time);
        }
        session.bucket = bucket;
        session.prev = null;
        session.next = bucket.head;
        if (bucket.head != null) {
            bucket.head.prev = session;
        }
        bucket.head = session;
    }

    private void unlink(Session session) {
        Bucket bucket = session.bucket;
        if (session.prev != null) {
            session.prev.next = session.next;
        } else {
            if (bucket.head != session) {
                throw new IllegalStateException("session 0x" + Long.toHexString(session.id) + " not in its bucket");
            }
            bucket.head = session.next;
        }
        if (session.next != null) {
            session.next.prev = session.prev;
        }
        session.bucket = null;
        session.prev = null;
        session.next = null;
        if (bucket.head == null) {
            buckets.remove(bucket.time);
        }
    }

    private void drain(long time, List<Long> result) {
        Bucket bucket = buckets.remove(time);
        if (bucket == null) {
            return;
        }
        Session session = bucket.head;
        while (session != null) {
            Session next = session.next;
            if (session.bucket != bucket) {
                throw new IllegalStateException("session 0x" + Long.toHexString(session.id) + " in two buckets");
            }
            session.closing = true;
            session.bucket = null;
            session.prev = null;
            session.next = null;
            result.add(session.id);
            session = next;
        }
    }

    private long[] dueBucketTimes(long nowMs) {
        long[] times = new long[buckets.size()];
        int count = 0;
        for (int slot = 0; slot < buckets.capacity(); slot++) {
            Bucket bucket = buckets.valueAt(slot);
            if (bucket != null && bucket.time <= nowMs) {
                times[count++] = bucket.time;
            }
        }
        long[] due = Arrays.copyOf(times, count);
        Arrays.sort(due);
        return due;
    }

    /** One tracked session; a node of its bucket's list while it is scheduled. */
    private static final class Session {
        final long id;
        int timeoutMs;
        boolean closing;
        Bucket bucket;
        Session prev;
        Session next;

        Session(long id) {
            this.id = id;
        }
    }

    /** The sessions that expire at one tick boundary, as an intrusive list. */
    private static final class Bucket {
        final long time;
        Session head;

        Bucket(long time) {
            this.time = time;
        }
    }
}
