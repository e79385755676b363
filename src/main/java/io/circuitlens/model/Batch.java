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

    public int totalTokens() {
        return Arrays.stream(tokens).mapToInt(t -> t.length).sum();
    }
}
