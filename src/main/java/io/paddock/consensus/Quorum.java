package io.paddock.consensus;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** Quorum arithmetic: the highest zxid that a majority of voters has acknowledged. */
public final class Quorum {
    private Quorum() {}

    public static int majority(int voters) {
        return voters / 2 + 1;
    }

    /** The largest zxid Z such that a majority of voters has acknowledged at least Z. */
    public static long committedZxid(Map<Integer, Long> acked, Set<Integer> voters) {
        long[] zxids = new long[voters.size()];
        int i = 0;
        for (Integer voter : voters) {
            zxids[i++] = acked.getOrDefault(voter, 0L);
        }
        Arrays.sort(zxids);
        // Sorted ascending: the element at index (n - majority) is held by at least a majority.
        return zxids[zxids.length - majority(zxids.length)];
    }
}
