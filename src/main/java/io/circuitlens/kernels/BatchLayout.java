package io.circuitlens.kernels;

import java.util.Arrays;

/**
 * Where each prompt of a batch lives in the engine's buffers. Prompts are packed without padding: prompt p owns
 * rows [rowStart[p], rowStart[p] + lengths[p]) of every [rows, ...] activation, and its attention scores and
 * pattern are one [nHeads, len, len] block starting at element attnStart[p]. Packing means padding can never
 * change a prompt's results and no compute is spent on it.
 */
public record BatchLayout(int[] lengths, int[] rowStart, int rows, long[] attnStart, long attnSize, int nHeads) {

    public static BatchLayout of(int[] lengths, int nHeads) {
        int n = lengths.length;
        int[] rowStart = new int[n];
        long[] attnStart = new long[n];
        long rows = 0;
        long attn = 0;
        for (int p = 0; p < n; p++) {
            if (lengths[p] < 1) throw new IllegalArgumentException("prompt " + p + " is empty");
            rowStart[p] = (int) rows;
            attnStart[p] = attn;
            rows += lengths[p];
            attn += (long) nHeads * lengths[p] * lengths[p];
        }
        if (rows > Integer.MAX_VALUE) throw new IllegalArgumentException("batch of " + rows + " tokens is too large");
        return new BatchLayout(lengths.clone(), rowStart, (int) rows, attnStart, attn, nHeads);
    }

    public int prompts() {
        return lengths.length;
    }

    public int length(int prompt) {
        return lengths[prompt];
    }

    /** Row of the last real token of a prompt: where next-token metrics are read. */
    public int lastRow(int prompt) {
        return rowStart[prompt] + lengths[prompt] - 1;
    }

    /** Two layouts are equal when they pack the same prompt lengths with the same heads (the rest follows). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BatchLayout b && nHeads == b.nHeads && Arrays.equals(lengths, b.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengths) + nHeads;
    }

    public int maxLength() {
        return Arrays.stream(lengths).max().orElse(0);
    }
}
