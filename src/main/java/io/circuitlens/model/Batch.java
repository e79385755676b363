package io.circuitlens.model;

import java.util.Arrays;

/**
 * Token ids of several prompts of any lengths (BOS included when wanted). The engine packs them without padding,
 * so each prompt's results are exactly those of running it alone.
 */
public record Batch(int[][] tokens) {
    public Batch {
        tokens = Arrays.stream(tokens).map(int[]::clone).toArray(int[][]::new);
    }

    public static Batch of(int[]... prompts) {
        return new Batch(prompts);
    }

    public int size() {
        return tokens.length;
    }

    public int length(int prompt) {
        return tokens[prompt].length;
    }

    public int[] lengths() {
        return Arrays.stream(tokens).mapToInt(t -> t.length).toArray();
    }

    /**
     * Checks that clean and corrupted prompts pair up: as many of each, pair i of equal token length (what patching
     * one run's activations into the other needs).
     */
    public static void checkPairs(Batch clean, Batch corrupted) {
        if (clean.size() != corrupted.size()) {
            throw new io.circuitlens.common.CircuitLensException(clean.size() + " clean prompts but " + corrupted.size() + " corrupted ones");
        }
        for (int p = 0; p < clean.size(); p++) {
            String mismatch = lengthMismatch(clean.length(p), corrupted.length(p));
            if (mismatch != null) throw new io.circuitlens.common.CircuitLensException("pair " + p + ": " + mismatch);
        }
    }

    /**
     * The one check that a clean and a corrupted prompt pair up for patching (positions line up): null when they do,
     * else what is wrong, for the caller to say where (a pair index, a file row).
     */
    public static String lengthMismatch(int cleanTokens, int corruptedTokens) {
        if (cleanTokens == corruptedTokens) return null;
        return "clean prompt has " + cleanTokens + " tokens but corrupted has " + corruptedTokens + "; pairs must have the same token length";
    }

    /**
     * Per pair, the first position where the two prompts' tokens differ (a pair's length when they never do). Every
     * activation before it is the same in both runs (attention is causal), which is what lets a patched pass reuse
     * that prefix ({@link ForwardOptions#reusingPrefix}).
     */
    public static int[] firstDifferences(Batch a, Batch b) {
        checkPairs(a, b);
        int[] out = new int[a.size()];
        for (int p = 0; p < out.length; p++) {
            int[] x = a.tokens[p];
            int[] y = b.tokens[p];
            int t = 0;
            while (t < x.length && x[t] == y[t]) t++;
            out[p] = t;
        }
        return out;
    }

    public int totalTokens() {
        return Arrays.stream(tokens).mapToInt(t -> t.length).sum();
    }
}
