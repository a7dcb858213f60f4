package io.paddock.sim.check;

import io.paddock.sim.check.SearchOp.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The linearizability search over one partition of a history (one key), generic in its
 * {@link Model}: Wing and Gong's algorithm with Lowe's memoisation, in the shape Porcupine uses.
 * Callers use {@link Linearizability}, which decides how many runs to make.
 *
 * <p>The history is a doubly linked list of call and return events in time order (at equal
 * times calls first, so touching intervals count as concurrent, which can only hide a violation,
 * never invent one). An operation may be linearized next when its call event lies before the
 * first return event still in the list and its session gate (see {@link SessionOrder}) is
 * linearized; linearizing it removes both its events from the list and pushes a frame, and
 * reaching a return event means nothing more can be placed from here, so the search pops the
 * last frame and tries the next candidate. A set of (linearized operations as a bitset, model
 * state) already visited is skipped: the future depends on nothing else. The search succeeds
 * when every completed operation is linearized; operations whose reply never came are left
 * over, which is the same as placing them last (they "never took effect").
 *
 * <p>Each node is scanned in up to four passes, and some branches are skipped because another
 * branch dominates them; none of this loses a linearization, it only finds one sooner:
 * <ol>
 * <li><b>Forced:</b> a completed candidate that leaves the state as it is (a read, a write that
 * failed with an error code) is placed at once, without a choice point. Placing it now blocks
 * nothing (its return leaves the list, gates only open, the state is unchanged), so if the node
 * has a linearization, so does the node with it placed; when that fails, the node fails too.
 * Placed late instead, a stale read would be dead once a write went by, and the search would
 * explore everything up to its return before noticing.</li>
 * <li><b>Urgent:</b> the op whose return blocks the node, if it changes the state: it must be
 * placed before anything invoked after it completed, so it is the likeliest next step.</li>
 * <li><b>Branch:</b> the other completed candidates that change the state, in call order.</li>
 * <li><b>Open:</b> operations without a reply, newest first, after every completed candidate
 * failed: the likely answer is that such a write took effect late or never, and old ones that
 * never took effect stay candidates forever. Placing one where it changes nothing is skipped
 * (left out, it blocks nothing: it has no return event and is in no gate, and it stays
 * available), and so is one whose twin (same {@link Model#effectKey}) was called after it and is
 * still unplaced: swapping the two maps one subtree onto the other.</li>
 * </ol>
 * Limits on the operations without a reply (how many in a row, how many per stuck node) make
 * the quick, incomplete searches that {@link Linearizability} runs first.
 *
 * <p>Single use and single threaded: one instance runs one search and is then dropped. Invariant:
 * an operation's bit is set exactly when its events are out of the list, and {@code hash} is the
 * xor of the set bits' Zobrist keys.
 *
 * @param <S> the model's state
 * @param <I> the model's input
 * @param <O> the model's output
 */
final class LinearizabilitySearch<S, I, O> {
    private static final int END = -1;
    private static final int STUCK_STATES_MAX = 4;
    private static final byte FORCED = 0;
    private static final byte URGENT = 1;
    private static final byte BRANCH = 2;
    private static final byte OPEN = 3;

    private final Model<S, I, O> model;
    /** The ops in invocation order (so that the linearized set is mostly a prefix), and each one's index in the input. */
    private final List<SearchOp<I, O>> ops;
    private final int[] inputIndex;
    private final int head;
    /** Event links; event 2k is op k's call, 2k+1 its return (absent for OPEN_ENDED ops), 2n the head. */
    private final int[] next;
    private final int[] prev;
    private final int[][] gates;
    private final boolean[] openEnded;
    /** Position of each event in time order. */
    private final int[] rank;
    /** For an op without reply: the ops without reply of the same effect, in call order, and its index there. */
    private final int[][] twinsOf;
    private final int[] twinIndex;
    private final long[] zobrist;
    private final long[] bits;
    private final Set<MemoKey> memo = new HashSet<>();
    /** The stack of placements: op, state before, and the node's pass, blocking return and run length. */
    private final int[] frameOp;
    private final Object[] frameState;
    private final byte[] framePass;
    private final int[] frameBlocked;
    private final int[] frameRun;
    private final int[] frameTried;
    /** Operations without a reply that may be placed in a row; a small limit makes a quick, incomplete search. */
    private final int openEndedRunMax;
    /** Operations without a reply tried per stuck node, newest first; a small limit makes the quick search. */
    private final int openTriedMax;
    private int depth;
    private long hash;
    /** Words below {@code lowWord} are all ones, words above {@code highWord} all zeros. */
    private int lowWord;
    private int highWord = -1;
    private S state;
    private int completedLeft;
    private int openEndedLeft;
    /** The event looked at next, the current pass, and the first return event of the current node. */
    private int cursor;
    private byte pass;
    private int blocked = END;
    /** Operations without a reply placed since the last completed one. */
    private int openEndedRun;
    /** Operations without a reply the current node's open pass has looked at. */
    private int openTried;
    /** Whether a limit cut any branch, so that a failure proves nothing. */
    private boolean pruned;
    private long steps;
    private long stuckTime = Long.MIN_VALUE;
    private int stuckOp = -1;
    private final List<S> stuckStates = new ArrayList<>();

    /**
     * A search of {@code ops} in which at most {@code openEndedRunMax} operations without a reply
     * are placed in a row, and at most {@code openTriedMax} are tried per stuck node
     * ({@link Integer#MAX_VALUE} for both: the complete search).
     */
    LinearizabilitySearch(Model<S, I, O> model, List<SearchOp<I, O>> ops, int openEndedRunMax, int openTriedMax) {
        this.model = Objects.requireNonNull(model, "model");
        Integer[] order = new Integer[ops.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> ops.get(i).invokeTime()).thenComparingInt(i -> i));
        inputIndex = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        this.ops = Arrays.stream(order).map(ops::get).toList();
        this.openEndedRunMax = openEndedRunMax;
        this.openTriedMax = openTriedMax;
        int n = this.ops.size();
        head = 2 * n;
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        openEnded = new boolean[n];
        zobrist = new long[n];
        bits = new long[(n + 63) >>> 6];
        frameOp = new int[n];
        frameState = new Object[n];
        framePass = new byte[n];
        frameBlocked = new int[n];
        frameRun = new int[n];
        frameTried = new int[n];
        long[] callTime = new long[n];
        gates = SessionOrder.gates(this.ops, callTime);
        for (int k = 0; k < n; k++) {
            openEnded[k] = this.ops.get(k).window() == Window.OPEN_ENDED;
            zobrist[k] = mix64(k + 0x9E3779B97F4A7C15L);
            if (openEnded[k]) {
                openEndedLeft++;
            } else {
                completedLeft++;
            }
        }
        rank = new int[2 * n + 1];
        link(callTime);
        twinsOf = new int[n][];
        twinIndex = new int[n];
        groupTwins();
    }

    /** Groups the ops without reply by the model's effect key, each group in call order. */
    private void groupTwins() {
        Map<Object, List<Integer>> groups = new HashMap<>();
        for (int k = 0; k < ops.size(); k++) {
            if (openEnded[k]) {
                groups.computeIfAbsent(model.effectKey(ops.get(k).input()), key -> new ArrayList<>()).add(k);
            }
        }
        for (List<Integer> group : groups.values()) {
            group.sort(Comparator.comparingInt(k -> rank[2 * k]));
            int[] twins = group.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < twins.length; i++) {
                twinsOf[twins[i]] = twins;
                twinIndex[twins[i]] = i;
            }
        }
    }

    /** Sorts the events by time (calls before returns at equal times) and links them after the head. */
    private void link(long[] callTime) {
        List<Integer> events = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            events.add(2 * k);
            if (!openEnded[k]) {
                events.add(2 * k + 1);
            }
        }
        events.sort((a, b) -> {
            long ta = (a & 1) == 0 ? callTime[a >>> 1] : ops.get(a >>> 1).completeTime();
            long tb = (b & 1) == 0 ? callTime[b >>> 1] : ops.get(b >>> 1).completeTime();
            if (ta != tb) {
                return Long.compare(ta, tb);
            }
            return (a & 1) != (b & 1) ? Integer.compare(a & 1, b & 1) : Integer.compare(a, b);
        });
        int last = head;
        for (int i = 0; i < events.size(); i++) {
            int event = events.get(i);
            rank[event] = i;
            next[last] = event;
            prev[event] = last;
            last = event;
        }
        next[last] = END;
    }

    /**
     * Runs the search once from {@code initial}; {@code finals}, when given, collects the states
     * complete linearizations end in (up to {@code finalsMax}) instead of stopping at the first.
     */
    SearchResult<S> run(S initial, Budget budget, Set<S> finals, int finalsMax) {
        state = initial;
        long deadline = budget.timed() ? System.nanoTime() + budget.timeMaxNanos() : 0;
        cursor = next[head];
        pass = FORCED;
        while (true) {
            if (completedLeft == 0) {
                if (finals == null) {
                    return result(Verdict.OK);
                }
                // Collecting: this is an end state whichever ops without reply are still open;
                // placing them (below) gives the end states in which they took effect.
                finals.add(state);
                if (finals.size() > finalsMax) {
                    return result(Verdict.UNKNOWN);
                }
                if (openEndedLeft == 0) {
                    if (!unwind()) {
                        return result(Verdict.OK);
                    }
                    continue;
                }
            }
            if (steps >= budget.stepsMax()
                    || budget.timed() && (steps & 1023) == 0 && System.nanoTime() - deadline > 0) {
                return result(Verdict.UNKNOWN);
            }
            steps++;
            if (advance()) {
                continue;
            }
            if (blocked != END) {
                noteStuck(blocked >>> 1);
            }
            if (!unwind()) {
                return result(finals == null ? Verdict.VIOLATION : Verdict.OK);
            }
        }
    }

    /** One step at the cursor within the current node's passes; false when the node is stuck. */
    private boolean advance() {
        switch (pass) {
            case FORCED -> {
                if (isCall(cursor)) {
                    cursor = place(cursor >>> 1) ? restart() : next[cursor];
                } else {
                    blocked = cursor;
                    pass = URGENT;
                }
                return true;
            }
            case URGENT -> {
                if (blocked != END && place(blocked >>> 1)) {
                    cursor = restart();
                } else {
                    pass = BRANCH;
                    cursor = next[head];
                }
                return true;
            }
            case BRANCH -> {
                if (isCall(cursor)) {
                    boolean tried = blocked != END && cursor == blocked - 1;
                    cursor = !tried && place(cursor >>> 1) ? restart() : next[cursor];
                    return true;
                }
                if (openEndedLeft == 0) {
                    return false;
                }
                if (openEndedRun >= openEndedRunMax) {
                    pruned = true;
                    return false;
                }
                pass = OPEN;
                openTried = 0;
                cursor = blocked == END ? last() : prev[blocked];
                return true;
            }
            default -> {
                if (cursor == head) {
                    return false;
                }
                int k = cursor >>> 1;
                boolean candidate = openEnded[k] && !hasNewerTwin(k);
                if (candidate && openTried++ >= openTriedMax) {
                    pruned = true;
                    return false;
                }
                cursor = candidate && place(k) ? restart() : prev[cursor];
                return true;
            }
        }
    }

    /**
     * Whether an unplaced op without reply with the same effect as op k was called after it and
     * before the current node's first return: that one was tried first, and placing k instead
     * would give the same subtree with the two swapped (both stay candidates from here on, and
     * no gate waits for either).
     */
    private boolean hasNewerTwin(int k) {
        int[] twins = twinsOf[k];
        int regionEnd = blocked == END ? Integer.MAX_VALUE : rank[blocked];
        for (int i = twinIndex[k] + 1; i < twins.length && rank[2 * twins[i]] < regionEnd; i++) {
            if ((bits[twins[i] >>> 6] & (1L << twins[i])) == 0) {
                return true;
            }
        }
        return false;
    }

    /** The last event in the list (only ops without reply are left when there is no return event). */
    private int last() {
        int event = head;
        while (next[event] != END) {
            event = next[event];
        }
        return event;
    }

    private boolean isCall(int event) {
        return event != END && (event & 1) == 0;
    }

    /** After a placement: the new node starts with its forced pass at the head. */
    private int restart() {
        pass = FORCED;
        return next[head];
    }

    /** Tries to linearize op {@code k} in the current pass; true when it was placed (and is new to the memo). */
    private boolean place(int k) {
        if (openEnded[k] != (pass == OPEN)) {
            return false;
        }
        for (int gate : gates[k]) {
            if ((bits[gate >>> 6] & (1L << gate)) == 0) {
                return false;
            }
        }
        SearchOp<I, O> op = ops.get(k);
        S nextState = openEnded[k] ? model.stepIndeterminate(state, op.input())
                : model.step(state, op.input(), op.output());
        if (nextState == null || nextState.equals(state) != (pass == FORCED)) {
            // Forced takes exactly the completed ops that keep the state; Urgent and Branch the
            // others (the keeping ones were all tried just before); Open skips ops without effect here.
            return false;
        }
        flip(k);
        if (!remember(nextState)) {
            flip(k);
            return false;
        }
        push(k);
        lift(k);
        state = nextState;
        if (openEnded[k]) {
            openEndedLeft--;
            openEndedRun++;
        } else {
            completedLeft--;
            openEndedRun = 0;
        }
        return true;
    }

    private void push(int k) {
        frameOp[depth] = k;
        frameState[depth] = state;
        framePass[depth] = pass;
        frameBlocked[depth] = blocked;
        frameRun[depth] = openEndedRun;
        frameTried[depth] = openTried;
        depth++;
    }

    /**
     * Pops placements until one leaves an alternative: a forced placement failing means its node
     * fails. False when the stack ran out (the root failed).
     */
    private boolean unwind() {
        do {
            if (depth == 0) {
                return false;
            }
            backtrack();
        } while (pass == FORCED);
        return true;
    }

    /** Undoes the last placement and puts the cursor on the next candidate of that node, in its pass. */
    @SuppressWarnings("unchecked")
    private void backtrack() {
        depth--;
        int k = frameOp[depth];
        state = (S) frameState[depth];
        frameState[depth] = null;
        pass = framePass[depth];
        blocked = frameBlocked[depth];
        openEndedRun = frameRun[depth];
        openTried = frameTried[depth];
        unlift(k);
        flip(k);
        if (openEnded[k]) {
            openEndedLeft++;
        } else {
            completedLeft++;
        }
        if (pass == URGENT) {
            pass = BRANCH;
            cursor = next[head];
        } else {
            cursor = pass == OPEN ? prev[2 * k] : next[2 * k];
        }
    }

    /** Removes op k's events from the list (dancing links: unlift restores them in reverse). */
    private void lift(int k) {
        unlink(2 * k);
        if (!openEnded[k]) {
            unlink(2 * k + 1);
        }
    }

    private void unlift(int k) {
        if (!openEnded[k]) {
            relink(2 * k + 1);
        }
        relink(2 * k);
    }

    private void unlink(int event) {
        next[prev[event]] = next[event];
        if (next[event] != END) {
            prev[next[event]] = prev[event];
        }
    }

    private void relink(int event) {
        next[prev[event]] = event;
        if (next[event] != END) {
            prev[next[event]] = event;
        }
    }

    /** Toggles op k's bit, keeping the hash and the bounds of the bitset's mixed words. */
    private void flip(int k) {
        int word = k >>> 6;
        bits[word] ^= 1L << k;
        hash ^= zobrist[k];
        if (bits[word] == -1L) {
            while (lowWord < bits.length && bits[lowWord] == -1L) {
                lowWord++;
            }
        } else if (word < lowWord) {
            lowWord = word;
        }
        if (bits[word] != 0) {
            highWord = Math.max(highWord, word);
        } else {
            while (highWord >= 0 && bits[highWord] == 0) {
                highWord--;
            }
        }
    }

    /**
     * Adds (bits, state) to the memo; false when it was already there. The bitset is stored as
     * the number of leading all-ones words and the words from there to the last non-zero one:
     * the ops are indexed in invocation order and linearized roughly in that order, so this is
     * a few words where the whole set would be one bit per op.
     */
    private boolean remember(S candidate) {
        int h = (int) mix64(hash ^ candidate.hashCode());
        int to = Math.max(lowWord, highWord + 1);
        if (memo.contains(new MemoKey(lowWord, bits, lowWord, to, candidate, h))) {
            return false;
        }
        memo.add(new MemoKey(lowWord, Arrays.copyOfRange(bits, lowWord, to), 0, to - lowWord, candidate, h));
        return true;
    }

    /** Keeps the latest completion any branch failed to pass, and a few states it failed from. */
    private void noteStuck(int k) {
        long time = ops.get(k).completeTime();
        if (time > stuckTime) {
            stuckTime = time;
            stuckOp = inputIndex[k];
            stuckStates.clear();
        }
        if (time == stuckTime && stuckStates.size() < STUCK_STATES_MAX && !stuckStates.contains(state)) {
            stuckStates.add(state);
        }
    }

    /** Whether a limit cut a branch in the run so far (then only OK is conclusive). */
    boolean pruned() {
        return pruned;
    }

    private SearchResult<S> result(Verdict verdict) {
        return new SearchResult<>(verdict, steps, stuckOp, stuckTime, stuckStates);
    }

    /** SplitMix64's finaliser: a fixed, well-spread 64-bit key per op index, no Random needed. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One memo entry: the linearized set (all ops below word {@code ones} linearized, then
     * {@code words[from, to)}, then none) and the state reached with it.
     */
    private static final class MemoKey {
        private final int ones;
        private final long[] words;
        private final int from;
        private final int to;
        private final Object state;
        private final int hash;

        MemoKey(int ones, long[] words, int from, int to, Object state, int hash) {
            this.ones = ones;
            this.words = words;
            this.from = from;
            this.to = to;
            this.state = state;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MemoKey key && key.hash == hash && key.ones == ones
                    && Arrays.equals(key.words, key.from, key.to, words, from, to) && key.state.equals(state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
