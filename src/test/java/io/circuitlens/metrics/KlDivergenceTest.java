package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.kernels.cpu.MetricOnCpu;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KlDivergenceTest {
    @Test
    void zeroWhenTheModelEqualsClean() {
        Random rng = new Random(5);
        int vocab = 1000;
        float[][] clean = new float[2][vocab];
        for (float[] row : clean) for (int v = 0; v < vocab; v++) row[v] = (float) (4 * rng.nextGaussian());
        for (boolean mean : new boolean[] {false, true}) {
            Metric kl = new KlDivergence(2, mean);
            float[] logits = new float[2 * vocab];
            System.arraycopy(clean[1], 0, logits, 0, vocab);
            System.arraycopy(clean[0], 0, logits, vocab, vocab);
            float[] values = new float[2];
            float[] grad = new float[2 * vocab];
            MetricOnCpu.batch(kl, logits, vocab, new int[] {1, 0}, values, grad, clean);
            assertEquals(0f, values[0]);
            assertEquals(0f, values[1]);
            for (float g : grad) assertEquals(0f, g, 0f);
        }
    }

    @Test
    void positiveOtherwiseAndMeanDividesByVocab() {
        Random rng = new Random(6);
        int vocab = 37;
        float[][] clean = new float[1][vocab];
        double[] z = new double[vocab];
        for (int v = 0; v < vocab; v++) {
            clean[0][v] = (float) rng.nextGaussian();
            z[v] = rng.nextGaussian();
        }
        double sum = MetricOnCpu.row(new KlDivergence(1, false), z, 0, null, clean);
        double mean = MetricOnCpu.row(new KlDivergence(1, true), z, 0, null, clean);
        assertTrue(sum > 0);
        assertEquals(sum / vocab, mean, 1e-15);
        assertEquals("kl", new KlDivergence(1, false).name());
        assertEquals("kl-mean", new KlDivergence(1, true).name());
    }

    @Test
    void cleanTokensOfZeroProbabilityAddNothing() {
        float[][] clean = {{0, Float.NEGATIVE_INFINITY, 0}};
        double[] grad = new double[3];
        double kl = MetricOnCpu.row(new KlDivergence(1, false), new double[] {0, 0, 0}, 0, grad, clean);
        assertEquals(Math.log(1.5), kl, 1e-15); // p_clean (1/2, 0, 1/2) vs uniform
        assertEquals(1.0 / 3, grad[1], 1e-15);
    }
}
