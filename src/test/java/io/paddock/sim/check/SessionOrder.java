package io.paddock.sim.check;

import io.paddock.sim.check.SearchOp.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Session order for stale reads: which operations a {@link Window#SESSION} read must come
 * after, and how early its window can open.
 *
 * <p>A session read must follow every earlier-invoked completed operation of its session (its
 * session predecessors). Rather than listing them all, each read gets the session's
 * <em>frontier</em>: the predecessors not already known to precede another predecessor (by real
 * time, or by being a session read's own gate). For a session that waits for each reply before
 * the next request the frontier is the one previous operation. A gate never contains an
 * {@link Window#OPEN_ENDED} operation: a reply that never came shows the session nothing.
 *
 * <p>The read's call event can then sit at the latest call event of its gate instead of at
 * minus infinity: before that point none of the gate can be linearized, so neither can the
 * read, and every operation that completed before that point precedes a gate operation anyway.
 * This only shortens the search's candidate scans.
 *
 * <p>Stateless; a pure function of the operations, callable from any thread.
 */
final class SessionOrder {
    private static final int[] NONE = new int[0];

    private SessionOrder() {
    }

    /**
     * The gate of every operation (empty for all but session reads), and in {@code callTimeOut}
     * the time of every operation's call event.
     */
    static int[][] gates(List<? extends SearchOp<?, ?>> ops, long[] callTimeOut) {
        int[][] gates = new int[ops.size()][];
        Map<Long, List<Integer>> bySession = new TreeMap<>();
        for (int k = 0; k < ops.size(); k++) {
            gates[k] = NONE;
            callTimeOut[k] = ops.get(k).invokeTime();
            bySession.computeIfAbsent(ops.get(k).clientId(), c -> new ArrayList<>()).add(k);
        }
        for (List<Integer> session : bySession.values()) {
            session.sort(Comparator.comparingLong((Integer k) -> ops.get(k).invokeTime()).thenComparing(k -> k));
            gateSession(ops, session, gates, callTimeOut);
        }
        return gates;
    }

    /** Walks one session in invocation order; ops invoked at the same time do not precede each other. */
    private static void gateSession(List<? extends SearchOp<?, ?>> ops, List<Integer> session, int[][] gates,
            long[] callTimeOut) {
        List<Integer> frontier = new ArrayList<>();
        int start = 0;
        while (start < session.size()) {
            long invokeTime = ops.get(session.get(start)).invokeTime();
            int end = start;
            while (end < session.size() && ops.get(session.get(end)).invokeTime() == invokeTime) {
                end++;
            }
            List<Integer> group = session.subList(start, end);
            for (int k : group) {
                if (ops.get(k).window() == Window.SESSION) {
                    gates[k] = frontier.stream().mapToInt(Integer::intValue).toArray();
                    callTimeOut[k] = frontier.stream().mapToLong(f -> callTimeOut[f]).max().orElse(Long.MIN_VALUE);
                }
            }
            frontier.removeIf(f -> group.stream().anyMatch(k -> follows(ops.get(k), ops.get(f))));
            for (int k : group) {
                if (ops.get(k).window() != Window.OPEN_ENDED) {
                    frontier.add(k);
                }
            }
            start = end;
        }
    }

    /**
     * Whether {@code later} (just added to the frontier) comes after {@code earlier} in every
     * linearization, so that gating on {@code later} implies gating on {@code earlier}.
     */
    private static boolean follows(SearchOp<?, ?> later, SearchOp<?, ?> earlier) {
        return switch (later.window()) {
            case SESSION -> true;
            case REAL_TIME -> earlier.completeTime() < later.invokeTime();
            case OPEN_ENDED -> false;
        };
    }
}
