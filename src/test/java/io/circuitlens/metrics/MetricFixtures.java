package io.circuitlens.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Every metric on random targets for a given vocabulary, so tests can loop over all of them. */
final class MetricFixtures {
    static final int PROMPTS = 3;

    private MetricFixtures() {}

    static List<Metric> all(int vocab, Random rng) {
        int[] correct = ids(rng, vocab, PROMPTS);
        int[] incorrect = ids(rng, vocab, PROMPTS);
        int[][] correctSets = {ids(rng, vocab, 3), ids(rng, vocab, 1), ids(rng, vocab, 4)};
        int[][] incorrectSets = {ids(rng, vocab, 2), new int[0], ids(rng, vocab, 5)};
        int[] yy = {17, 0, 99}; // both edge years: no year below 00 is possible, none above 99
        int[] years = ids(rng, vocab, 100); // with vocab 37 ids repeat, exercising duplicate tokens
        float[][] clean = new float[PROMPTS][vocab];
        for (float[] row : clean) for (int v = 0; v < vocab; v++) row[v] = (float) (2 * rng.nextGaussian());
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new LogitDiff(correct, incorrect));
        metrics.add(new ProbDiff(correct, incorrect));
        metrics.add(new LogitDiffMulti(correctSets, incorrectSets));
        metrics.add(new ProbDiffMulti(correctSets, incorrectSets));
        metrics.add(new GreaterThanProb(yy, years));
        metrics.add(new GreaterThanLogit(yy, years));
        metrics.add(new KlDivergence(clean, false));
        metrics.add(new KlDivergence(clean, true));
        return metrics;
    }

    static int[] ids(Random rng, int vocab, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = rng.nextInt(vocab);
        return out;
    }

    static double[] gaussian(Random rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = scale * rng.nextGaussian();
        return out;
    }
}
