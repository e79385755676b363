package io.circuitlens.bench;

import java.util.SplittableRandom;

/**
 * Prompt pairs shaped like IOI on a random model: clean prompts of random tokens, each corrupted at position 10 (a
 * name replaced), with random correct and incorrect answers. The attribution workload of the speed figures.
 */
record IoiShapedPairs(int[][] clean, int[][] corrupted, int[] correct, int[] incorrect) {
    static IoiShapedPairs random(int pairs, int tokens, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] clean = new int[pairs][tokens];
        int[][] corrupted = new int[pairs][];
        int[] correct = new int[pairs];
        int[] incorrect = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            for (int t = 0; t < tokens; t++) clean[p][t] = rng.nextInt(vocab);
            corrupted[p] = clean[p].clone();
            corrupted[p][10] = rng.nextInt(vocab); // the IOI corruption: one name replaced
            correct[p] = rng.nextInt(vocab);
            incorrect[p] = rng.nextInt(vocab);
        }
        return new IoiShapedPairs(clean, corrupted, correct, incorrect);
    }
}
