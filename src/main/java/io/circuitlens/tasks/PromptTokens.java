package io.circuitlens.tasks;

import io.circuitlens.model.Batch;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The clean and corrupted prompts of a task as token ids, with what patching needs checked per row: the two prompts
 * have the same token count (so positions line up), are not empty, and fit the model's context. {@code rows[i]} is
 * pair i's 1-based data row in its file, for messages and outputs.
 */
final class PromptTokens {
    private final int[] rows;
    private final int[][] clean;
    private final int[][] corrupted;

    private PromptTokens(int[] rows, int[][] clean, int[][] corrupted) {
        this.rows = rows;
        this.clean = clean;
        this.corrupted = corrupted;
    }

    int size() {
        return rows.length;
    }

    int row(int i) {
        return rows[i];
    }

    int[] rows() {
        return rows.clone();
    }

    Batch cleanBatch() {
        return new Batch(deepCopy(clean));
    }

    Batch corruptedBatch() {
        return new Batch(deepCopy(corrupted));
    }

    /** The pairs at these 0-based positions, in this order. */
    PromptTokens select(int[] at) {
        int[] r = new int[at.length];
        int[][] c = new int[at.length][];
        int[][] k = new int[at.length][];
        for (int i = 0; i < at.length; i++) {
            r[i] = rows[at[i]];
            c[i] = clean[at[i]];
            k[i] = corrupted[at[i]];
        }
        return new PromptTokens(r, c, k);
    }

    private static int[][] deepCopy(int[][] ids) {
        return Arrays.stream(ids).map(int[]::clone).toArray(int[][]::new);
    }

    /** Tokenises rows one at a time, failing on the first bad one with the row's own message. */
    static final class Builder {
        private final Gpt2Tokenizer tokenizer;
        private final boolean bos;
        private final int nCtx;
        private final List<Integer> rows = new ArrayList<>();
        private final List<int[]> clean = new ArrayList<>();
        private final List<int[]> corrupted = new ArrayList<>();

        Builder(Gpt2Tokenizer tokenizer, boolean bos, int nCtx) {
            this.tokenizer = tokenizer;
            this.bos = bos;
            this.nCtx = nCtx;
        }

        void add(TaskCsv.Row row, String cleanText, String corruptedText) {
            int[] a = tokenizer.encode(cleanText, bos);
            int[] b = tokenizer.encode(corruptedText, bos);
            String mismatch = Batch.lengthMismatch(a.length, b.length);
            if (mismatch != null) throw row.error(mismatch);
            if (a.length == 0) throw row.error("the prompts are empty (no tokens, and no BOS)");
            if (a.length > nCtx) {
                throw row.error("the prompts have " + a.length + " tokens" + (bos ? " (BOS included)" : "")
                        + ", more than the model's context of " + nCtx);
            }
            rows.add(row.number());
            clean.add(a);
            corrupted.add(b);
        }

        PromptTokens build() {
            return new PromptTokens(rows.stream().mapToInt(Integer::intValue).toArray(),
                    clean.toArray(int[][]::new), corrupted.toArray(int[][]::new));
        }
    }
}
