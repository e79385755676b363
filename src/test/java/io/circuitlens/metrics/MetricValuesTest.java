package io.circuitlens.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.circuitlens.kernels.cpu.MetricOnCpu;
import org.junit.jupiter.api.Test;

/** Values and gradients worked out by hand on small vocabularies. */
class MetricValuesTest {
    private static final double EPS = 1e-12;
    private static final double LN2 = Math.log(2);
    private static final double LN3 = Math.log(3);
    private static final double LN4 = Math.log(4);

    @Test
    void logitDiff() {
        Metric m = new LogitDiff(new int[] {3, 2}, new int[] {0, 2});
        double[] grad = new double[4];
        assertEquals(3, MetricOnCpu.row(m, new double[] {1, 2, 3, 4}, 0, grad, null), EPS);
        assertArrayEquals(new double[] {-1, 0, 0, 1}, grad, EPS);
        // the same token as both answers cancels
        assertEquals(0, MetricOnCpu.row(m, new double[] {1, 2, 3, 4}, 1, grad, null), EPS);
        assertArrayEquals(new double[4], grad, EPS);
    }

    @Test
    void probDiff() {
        // p = (1, 2, 3, 4) / 10
        double[] z = {0, LN2, LN3, LN4};
        double[] grad = new double[4];
        Metric m = new ProbDiff(new int[] {2}, new int[] {1});
        assertEquals(0.1, MetricOnCpu.row(m, z, 0, grad, null), EPS);
        // d(p2 - p1)/dz_u = p_u (a_u - 0.1) with a = (0, -1, 1, 0)
        assertArrayEquals(new double[] {0.1 * -0.1, 0.2 * -1.1, 0.3 * 0.9, 0.4 * -0.1}, grad, EPS);
    }

    @Test
    void multiAnswerSums() {
        int[][] correct = {{2, 3}, {1, 1}};
        int[][] incorrect = {{0}, {}};
        double[] z = {1, 2, 3, 4};
        assertEquals(3 + 4 - 1, MetricOnCpu.row(new LogitDiffMulti(correct, incorrect), z, 0, null, null), EPS);
        double[] grad = new double[4];
        assertEquals(2 + 2, MetricOnCpu.row(new LogitDiffMulti(correct, incorrect), z, 1, grad, null), EPS);
        assertArrayEquals(new double[] {0, 2, 0, 0}, grad, EPS); // a token listed twice counts twice
        double[] zp = {0, LN2, LN3, LN4};
        assertEquals(0.3 + 0.4 - 0.1, MetricOnCpu.row(new ProbDiffMulti(correct, incorrect), zp, 0, null, null), EPS);
        assertEquals(0.4, MetricOnCpu.row(new ProbDiffMulti(correct, incorrect), zp, 1, null, null), EPS);
    }

    @Test
    void greaterThanProbOnUniformDistribution() {
        int[] years = identityYears();
        Metric m = new GreaterThanProb(new int[] {29, 49, 99, 0}, years);
        double[] z = new double[200]; // uniform: p = 1/200, and half the vocabulary is not a year
        assertEquals((70 - 30) / 200.0, MetricOnCpu.row(m, z, 0, null, null), EPS);
        assertEquals(0, MetricOnCpu.row(m, z, 1, null, null), EPS);
        assertEquals(-100 / 200.0, MetricOnCpu.row(m, z, 2, null, null), EPS);
        assertEquals((99 - 1) / 200.0, MetricOnCpu.row(m, z, 3, null, null), EPS);
    }

    @Test
    void greaterThanLogitMeans() {
        int[] years = identityYears();
        Metric m = new GreaterThanLogit(new int[] {29, 99, 0}, years);
        double[] z = new double[120];
        for (int v = 0; v < z.length; v++) z[v] = v;
        double[] grad = new double[z.length];
        assertEquals((30 + 99) / 2.0 - 29 / 2.0, MetricOnCpu.row(m, z, 0, grad, null), EPS);
        assertEquals(1.0 / 70, grad[30], EPS);
        assertEquals(-1.0 / 30, grad[29], EPS);
        assertEquals(0, grad[110], EPS);
        assertEquals(0 - 99 / 2.0, MetricOnCpu.row(m, z, 1, null, null), EPS); // no year above 99: that side is 0
        assertEquals(50 - 0, MetricOnCpu.row(m, z, 2, null, null), EPS);
    }

    @Test
    void klOfTwoTokenDistributions() {
        // clean (1/2, 1/2), model (3/4, 1/4): KL = 1/2 ln(2/3) + 1/2 ln 2 = 1/2 ln(4/3)
        float[][] clean = {{5, 5}};
        double[] z = {LN3, 0};
        double[] grad = new double[2];
        assertEquals(0.5 * Math.log(4.0 / 3), MetricOnCpu.row(new KlDivergence(1, false), z, 0, grad, clean), EPS);
        assertArrayEquals(new double[] {0.25, -0.25}, grad, EPS);
        assertEquals(0.25 * Math.log(4.0 / 3), MetricOnCpu.row(new KlDivergence(1, true), z, 0, grad, clean), EPS);
        assertArrayEquals(new double[] {0.125, -0.125}, grad, EPS);
    }

    private static int[] identityYears() {
        int[] years = new int[100];
        for (int y = 0; y < 100; y++) years[y] = y;
        return years;
    }
}
