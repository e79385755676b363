package io.circuitlens.attribution;

import io.circuitlens.model.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits rows (each a copy of one prompt, patched its own way) into batched passes of at most a token budget, so
 * that thousands of patched copies run as a few large batches without running out of memory.
 */
final class RowChunks {
    private RowChunks() {}

    /** [start, end) ranges over rows whose prompts (rowPrompt) have the given lengths. */
    static List<int[]> of(int[] rowPrompt, Batch prompts, int tokensPerPass) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        long tokens = 0;
        for (int r = 0; r < rowPrompt.length; r++) {
            int len = prompts.length(rowPrompt[r]);
            if (r > start && tokens + len > tokensPerPass) {
                out.add(new int[] {start, r});
                start = r;
                tokens = 0;
            }
            tokens += len;
        }
        if (start < rowPrompt.length) out.add(new int[] {start, rowPrompt.length});
        return out;
    }

    /** The batch of a chunk's rows: each row is its prompt's tokens. */
    static Batch batch(Batch prompts, int[] rowPrompt, int start, int end) {
        int[][] t = new int[end - start][];
        for (int r = start; r < end; r++) t[r - start] = prompts.tokens()[rowPrompt[r]];
        return new Batch(t);
    }
}
