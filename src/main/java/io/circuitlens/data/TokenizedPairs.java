package io.circuitlens.data;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Batch;
import io.circuitlens.tokenizer.Gpt2Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Prompt pairs as token ids, checked for what patching needs: each answer a single token, clean and corrupted the
 * same token length (so positions line up), and both within the model's context. Errors are one line naming the
 * pair's data row. Accessors return copies.
 */
public final class TokenizedPairs {
    private final List<PromptPair> pairs;
    private final int[][] clean;
    private final int[][] corrupted;
    private final int[] correct;
    private final int[] incorrect;

    private TokenizedPairs(List<PromptPair> pairs, int[][] clean, int[][] corrupted, int[] correct, int[] incorrect) {
        this.pairs = pairs;
        this.clean = clean;
        this.corrupted = corrupted;
        this.correct = correct;
        this.incorrect = incorrect;
    }

    /** Tokenizes every pair, BOS first if {@code bos}; {@code nCtx} is the model's context length. */
    public static TokenizedPairs of(List<PromptPair> pairs, Gpt2Tokenizer tok, boolean bos, int nCtx) {
        int n = pairs.size();
        int[][] clean = new int[n][];
        int[][] corrupted = new int[n][];
        int[] correct = new int[n];
        int[] incorrect = new int[n];
        for (int i = 0; i < n; i++) {
            PromptPair p = pairs.get(i);
            clean[i] = tok.encode(p.clean(), bos);
            corrupted[i] = tok.encode(p.corrupted(), bos);
            checkLengths(p.row(), clean[i].length, corrupted[i].length, bos, nCtx);
            correct[i] = answer(tok, p.row(), p.correct());
            incorrect[i] = answer(tok, p.row(), p.incorrect());
        }
        return new TokenizedPairs(List.copyOf(pairs), clean, corrupted, correct, incorrect);
    }

    private static void checkLengths(int row, int clean, int corrupted, boolean bos, int nCtx) {
        if (clean != corrupted) {
            throw new CircuitLensException("row " + row + ": clean prompt has " + clean + " tokens but corrupted has "
                    + corrupted + "; pairs must have the same token length");
        }
        if (clean == 0) {
            throw new CircuitLensException("row " + row + ": the prompts are empty (no tokens, and no BOS)");
        }
        if (clean > nCtx) {
            throw new CircuitLensException("row " + row + ": the prompts have " + clean + " tokens"
                    + (bos ? " (BOS included)" : "") + ", more than the model's context of " + nCtx);
        }
    }

    private static int answer(Gpt2Tokenizer tok, int row, String text) {
        try {
            return tok.singleToken(text);
        } catch (CircuitLensException e) {
            throw new CircuitLensException("row " + row + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return pairs.size();
    }

    /** The pairs as read, in order (their {@code row} numbers name them in outputs). */
    public List<PromptPair> pairs() {
        return pairs;
    }

    /** Token count of pair i's prompts (clean and corrupted agree), BOS included if used. */
    public int length(int i) {
        return clean[i].length;
    }

    public int[][] clean() {
        return deepCopy(clean);
    }

    public int[][] corrupted() {
        return deepCopy(corrupted);
    }

    public int[] correct() {
        return correct.clone();
    }

    public int[] incorrect() {
        return incorrect.clone();
    }

    /** The first n pairs. */
    public TokenizedPairs head(int n) {
        int k = Math.min(n, size());
        return new TokenizedPairs(pairs.subList(0, k), java.util.Arrays.copyOf(clean, k), java.util.Arrays.copyOf(corrupted, k),
                java.util.Arrays.copyOf(correct, k), java.util.Arrays.copyOf(incorrect, k));
    }

    public Batch cleanBatch() {
        return new Batch(clean);
    }

    public Batch corruptedBatch() {
        return new Batch(corrupted);
    }

    private static int[][] deepCopy(int[][] ids) {
        return Arrays.stream(ids).map(int[]::clone).toArray(int[][]::new);
    }
}
