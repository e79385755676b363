package io.circuitlens.metrics;

import io.circuitlens.kernels.cpu.MetricOnCpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every metric on random targets for a given vocabulary, so tests can loop over all of them; evaluated by the CPU
 * backend's metric kernel.
 */
final class MetricFixtures {
    static final int PROMPTS = 3;

    private MetricFixtures() {}

    /** A metric with the clean logits [prompts][vocab] it compares with (KL), or null. */
    record Case(Metric metric, float[][] reference) {
        double row(double[] z, int prompt, double[] grad) {
            return MetricOnCpu.row(metric, z, prompt, grad, reference);
        }

        void batch(float[] logits, int vocab, int[] rowPrompt, float[] values, float[] grad) {
            MetricOnCpu.batch(metric, logits, vocab, rowPrompt, values, grad, reference);
        }

        String name() {
            return metric.name();
        }
    }

    static List<Case> all(int vocab, Random rng) {
        int[] correct = ids(rng, vocab, PROMPTS);
        int[] incorrect = ids(rng, vocab, PROMPTS);
        int[][] correctSets = {ids(rng, vocab, 3), ids(rng, vocab, 1), ids(rng, vocab, 4)};
        int[][] incorrectSets = {ids(rng, vocab, 2), new int[0], ids(rng, vocab, 5)};
        int[] yy = {17, 0, 99}; // both edge years: no year below 00 is possible, none above 99
        int[] years = ids(rng, vocab, 100); // with vocab 37 ids repeat, exercising duplicate tokens
        float[][] clean = new float[PROMPTS][vocab];
        for (float[] row : clean) for (int v = 0; v < vocab; v++) row[v] = (float) (2 * rng.nextGaussian());
        List<Case> metrics = new ArrayList<>();
        metrics.add(new Case(new LogitDiff(correct, incorrect), null));
        metrics.add(new Case(new ProbDiff(correct, incorrect), null));
        metrics.add(new Case(new LogitDiffMulti(correctSets, incorrectSets), null));
        metrics.add(new Case(new ProbDiffMulti(correctSets, incorrectSets), null));
        metrics.add(new Case(new GreaterThanProb(yy, years), null));
        metrics.add(new Case(new GreaterThanLogit(yy, years), null));
        metrics.add(new Case(new KlDivergence(PROMPTS, false), clean));
        metrics.add(new Case(new KlDivergence(PROMPTS, true), clean));
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
