package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Analytic gradients against central finite differences, in double, on random logits. */
class MetricGradientTest {
    private static final double H = 1e-5;
    /** Several rows share each prompt, as in an integrated-gradients batch. */
    private static final int[] ROW_PROMPT = {0, 1, 2, 0, 0, 2, 1};

    @ParameterizedTest
    @ValueSource(ints = {37, 1000})
    void gradientsMatchCentralDifferences(int vocab) {
        Random rng = new Random(vocab);
        for (MetricFixtures.Case metric : MetricFixtures.all(vocab, rng)) {
            double worst = 0;
            double scale = 0;
            for (int prompt : ROW_PROMPT) {
                double[] z = MetricFixtures.gaussian(rng, vocab, 2.0);
                double[] grad = new double[vocab];
                metric.row(z, prompt, grad);
                for (int v = 0; v < vocab; v++) {
                    double keep = z[v];
                    z[v] = keep + H;
                    double up = metric.row(z, prompt, null);
                    z[v] = keep - H;
                    double down = metric.row(z, prompt, null);
                    z[v] = keep;
                    double numeric = (up - down) / (2 * H);
                    worst = Math.max(worst, Math.abs(numeric - grad[v]));
                    scale = Math.max(scale, Math.abs(grad[v]));
                }
            }
            System.out.printf("%-20s vocab %4d: max |analytic - finite difference| = %.2e (max |grad| %.2e)%n",
                    metric.name(), vocab, worst, scale);
            assertTrue(scale > 1e-5, metric.name() + ": gradient is trivially zero");
            // relative to the largest entry, since kl-mean's and the probability metrics' gradients are small
            assertTrue(worst < 1e-7 * scale, metric.name() + " vocab " + vocab + ": finite-difference error " + worst);
        }
    }

    /** The batched float kernel gives the double row results rounded to float, and overwrites every gradient entry. */
    @ParameterizedTest
    @ValueSource(ints = {37, 1000})
    void batchedFloatMatchesRows(int vocab) {
        Random rng = new Random(7 + vocab);
        int rows = ROW_PROMPT.length;
        for (MetricFixtures.Case metric : MetricFixtures.all(vocab, rng)) {
            float[] logits = new float[rows * vocab];
            for (int i = 0; i < logits.length; i++) logits[i] = (float) (3 * rng.nextGaussian());
            float[] values = new float[rows];
            float[] grad = new float[rows * vocab];
            java.util.Arrays.fill(grad, Float.NaN);
            metric.batch(logits, vocab, ROW_PROMPT, values, grad);
            float[] valuesOnly = new float[rows];
            metric.batch(logits, vocab, ROW_PROMPT, valuesOnly, null);
            for (int r = 0; r < rows; r++) {
                double[] z = new double[vocab];
                for (int v = 0; v < vocab; v++) z[v] = logits[r * vocab + v];
                double[] g = new double[vocab];
                double value = metric.row(z, ROW_PROMPT[r], g);
                assertEquals((float) value, values[r], metric.name());
                assertEquals((float) value, valuesOnly[r], metric.name());
                for (int v = 0; v < vocab; v++) assertEquals((float) g[v], grad[r * vocab + v], metric.name());
            }
        }
    }

    @Test
    void rowsOfOnePromptAgreeWhateverTheirPosition() {
        Random rng = new Random(3);
        int vocab = 37;
        for (MetricFixtures.Case metric : MetricFixtures.all(vocab, rng)) {
            float[] row = new float[vocab];
            for (int v = 0; v < vocab; v++) row[v] = (float) rng.nextGaussian();
            float[] logits = new float[3 * vocab];
            for (int r = 0; r < 3; r++) System.arraycopy(row, 0, logits, r * vocab, vocab);
            float[] values = new float[3];
            metric.batch(logits, vocab, new int[] {1, 1, 1}, values, null);
            assertEquals(values[0], values[1]);
            assertEquals(values[0], values[2]);
        }
    }
}
