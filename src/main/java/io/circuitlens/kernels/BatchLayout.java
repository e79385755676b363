package io.circuitlens.kernels;

import java.util.Arrays;

/**
 * Where each prompt of a batch lives in the engine's buffers. Prompts are packed without padding: prompt p owns
 * rows [rowStart[p], rowStart[p] + lengths[p]) of every [rows, ...] activation, and its attention scores and
 * pattern are one [nHeads, len, len] block starting at element attnStart[p]. Packing means padding can never
 * change a prompt's results and no compute is spent on it.
 *
 * <p>A layout may be a <em>window</em>: prompt p's rows then hold only its positions offsets[p] .. end(p) − 1 (the
 * positions a patched pass recomputes; the prefix before them is the base run's). Windows always end at the prompt's
 * last token, where next-token metrics are read. Attention blocks of a window layout are never used: attention runs
 * over the full prompts.
 */
public record BatchLayout(int[] lengths, int[] offsets, int[] rowStart, int rows, long[] attnStart, long attnSize, int nHeads) {

    /** Whole prompts of these lengths. */
    public static BatchLayout of(int[] lengths, int nHeads) {
        return windows(new int[lengths.length], lengths, nHeads);
    }

    /** Prompt p's positions offsets[p] .. ends[p] − 1 (at least one: offsets[p] &lt; ends[p]). */
    public static BatchLayout windows(int[] offsets, int[] ends, int nHeads) {
        int n = ends.length;
        if (offsets.length != n) throw new IllegalArgumentException(offsets.length + " offsets for " + n + " prompts");
        int[] lengths = new int[n];
        int[] rowStart = new int[n];
        long[] attnStart = new long[n];
        long rows = 0;
        long attn = 0;
        for (int p = 0; p < n; p++) {
            if (ends[p] < 1) throw new IllegalArgumentException("prompt " + p + " is empty");
            if (offsets[p] < 0 || offsets[p] >= ends[p]) {
                throw new IllegalArgumentException("prompt " + p + ": window from position " + offsets[p] + " of " + ends[p]);
            }
            lengths[p] = ends[p] - offsets[p];
            rowStart[p] = (int) rows;
            attnStart[p] = attn;
            rows += lengths[p];
            attn += (long) nHeads * lengths[p] * lengths[p];
        }
        if (rows > Integer.MAX_VALUE) throw new IllegalArgumentException("batch of " + rows + " tokens is too large");
        return new BatchLayout(lengths, offsets.clone(), rowStart, (int) rows, attnStart, attn, nHeads);
    }

    public int prompts() {
        return lengths.length;
    }

    /** Rows prompt p has in this layout (its token count unless this is a window). */
    public int length(int prompt) {
        return lengths[prompt];
    }

    /** First position prompt p's rows hold (0 unless this is a window). */
    public int offset(int prompt) {
        return offsets[prompt];
    }

    /** Token count of prompt p: one past the last position its rows hold. */
    public int end(int prompt) {
        return offsets[prompt] + lengths[prompt];
    }

    /** Whether some prompt's rows start after its first token. */
    public boolean windowed() {
        for (int o : offsets) {
            if (o != 0) return true;
        }
        return false;
    }

    /** The same prompts whole. */
    public BatchLayout full() {
        if (!windowed()) return this;
        int[] ends = new int[prompts()];
        for (int p = 0; p < ends.length; p++) ends[p] = end(p);
        return of(ends, nHeads);
    }

    /** The same prompts' last positions only, one row each: where next-token metrics are read. */
    public BatchLayout lastRows() {
        int[] ends = new int[prompts()];
        int[] last = new int[prompts()];
        for (int p = 0; p < ends.length; p++) {
            ends[p] = end(p);
            last[p] = ends[p] - 1;
        }
        return windows(last, ends, nHeads);
    }

    /** Row of the last real token of a prompt: where next-token metrics are read. */
    public int lastRow(int prompt) {
        return rowStart[prompt] + lengths[prompt] - 1;
    }

    /** Two layouts are equal when they pack the same positions of prompts of the same lengths with the same heads. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BatchLayout b && nHeads == b.nHeads && Arrays.equals(lengths, b.lengths) && Arrays.equals(offsets, b.offsets);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lengths) + Arrays.hashCode(offsets)) + nHeads;
    }

    public int maxLength() {
        return Arrays.stream(lengths).max().orElse(0);
    }
}
