package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.kernels.cpu.MetricOnCpu;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Logits of ±1e4 (far beyond exp's range) give the same probabilities as the same logits shifted near 0. */
class SoftmaxStabilityTest {
    @Test
    void shiftedLogitsGiveTheSameMetrics() {
        int vocab = 37;
        Random rng = new Random(11);
        for (double shift : new double[] {1e4, -1e4}) {
            for (MetricFixtures.Case m : MetricFixtures.all(vocab, rng)) {
                if (m.name().contains("logit")) continue; // no softmax in them to overflow
                double[] z = new double[vocab];
                for (int v = 0; v < vocab; v++) z[v] = rng.nextInt(8) - 7; // integers: exact after the shift
                double[] grad = new double[vocab];
                double value = m.row(z, 1, grad);
                double[] shifted = new double[vocab];
                for (int v = 0; v < vocab; v++) shifted[v] = z[v] + shift;
                double[] shiftedGrad = new double[vocab];
                double shiftedValue = m.row(shifted, 1, shiftedGrad);
                assertTrue(Double.isFinite(shiftedValue), m.name());
                assertEquals(value, shiftedValue, 1e-14, m.name());
                for (int v = 0; v < vocab; v++) assertEquals(grad[v], shiftedGrad[v], 1e-14, m.name());
            }
        }
    }

    @Test
    void extremeSpreadUnderflowsCleanly() {
        // one token at +1e4, one at +1e4 - ln 3, the rest at -1e4: p = (3/4, 1/4, 0, ...)
        double[] z = {1e4, 1e4 - Math.log(3), -1e4, -1e4, -1e4};
        double[] grad = new double[z.length];
        assertEquals(0.5, MetricOnCpu.row(new ProbDiff(new int[] {0}, new int[] {1}), z, 0, grad, null), 1e-12);
        for (double g : grad) assertTrue(Double.isFinite(g));
        float[][] clean = {{1e4f, -1e4f, -1e4f, -1e4f, -1e4f}};
        double kl = MetricOnCpu.row(new KlDivergence(1, false), z, 0, grad, clean);
        assertEquals(Math.log(4.0 / 3), kl, 1e-9); // p_clean = (1, 0, ...): KL = -log(3/4)
        assertEquals(0.75 - 1, grad[0], 1e-12);
        assertEquals(0.25, grad[1], 1e-12);
    }

    @Test
    void floatBatchWithLargeLogits() {
        float[] logits = {1e4f, 9999f, -1e4f, -1e4f, 9998f, 1e4f};
        float[] values = new float[2];
        float[] grad = new float[6];
        MetricOnCpu.batch(new ProbDiff(new int[] {0}, new int[] {1}), logits, 3, new int[] {0, 0}, values, grad, null);
        double e = Math.E;
        assertEquals((float) ((e - 1) / (e + 1 + Math.exp(-2e4 - 1e4 + 1e4))), values[0], 1e-6);
        assertEquals((float) (-1 / (1 + Math.exp(2))), values[1], 1e-6);
        for (float g : grad) assertTrue(Float.isFinite(g));
    }
}
