package io.circuitlens.tokenizer;

import java.util.Arrays;

/**
 * The BPE merge rules as a hash table from a pair of token ids to (rank, merged token id).
 *
 * <p>Open addressing over primitive arrays: BPE looks up every adjacent pair on every round, and boxed
 * {@code HashMap<Long, ...>} keys would dominate the cost. Filled once while loading, read-only afterwards.
 */
final class MergeTable {
    static final int NO_MERGE = -1;

    private final long[] keys;
    private final long[] values;
    private final int mask;

    /**
     * {@code left[i] right[i] -> merged[i]} has rank {@code i}. If a pair is listed twice the later rank wins, as in
     * OpenAI's {@code dict(zip(merges, range(len(merges))))}.
     */
    MergeTable(int[] left, int[] right, int[] merged) {
        int capacity = Integer.highestOneBit(Math.max(4, left.length * 2 + 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(values, -1L);
        mask = capacity - 1;
        for (int rank = 0; rank < left.length; rank++) {
            long key = pairKey(left[rank], right[rank]);
            int slot = slotOf(key);
            keys[slot] = key;
            values[slot] = (long) rank << 32 | merged[rank];
        }
    }

    /** Rank of merging {@code left right}, or {@link #NO_MERGE}. */
    int rank(int left, int right) {
        long value = values[slotOf(pairKey(left, right))];
        return value < 0 ? NO_MERGE : (int) (value >>> 32);
    }

    /** Token id that {@code left right} merges into; only meaningful when {@link #rank} is not NO_MERGE. */
    int merged(int left, int right) {
        return (int) values[slotOf(pairKey(left, right))];
    }

    /** The slot holding {@code key}, or the empty slot where it would go (linear probing; never full). */
    private int slotOf(long key) {
        int slot = (int) mix(key) & mask;
        while (values[slot] >= 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long pairKey(int left, int right) {
        return (long) left << 32 | (right & 0xFFFFFFFFL);
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }
}
