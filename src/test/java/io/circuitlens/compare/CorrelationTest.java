package io.circuitlens.compare;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Pearson, Spearman and Kendall tau-b against hand-computed values and the O(n^2) definition of tau-b. */
class CorrelationTest {
    private static final double EPS = 1e-12;

    @Test
    void pearsonOfLinearDataIsPlusOrMinusOne() {
        double[] x = {0.5, 1, 2, 3.5, 7, -4};
        double[] up = new double[x.length];
        double[] down = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            up[i] = 3 * x[i] - 7;
            down[i] = -2 * x[i] + 1;
        }
        assertEquals(1, Pearson.r(x, up), EPS);
        assertEquals(-1, Pearson.r(x, down), EPS);
    }

    @Test
    void pearsonByHand() {
        // deviations (-1, 0, 1) and (-1, 1, 0): sxy = 1, sxx = syy = 2, r = 1/2
        assertEquals(0.5, Pearson.r(new double[] {1, 2, 3}, new double[] {1, 3, 2}), EPS);
    }

    @Test
    void constantVectorsHaveNoCorrelation() {
        double[] c = {2, 2, 2, 2};
        double[] x = {1, 2, 3, 4};
        for (Correlation k : Correlation.values()) {
            assertTrue(Double.isNaN(k.of(x, c)), k.title());
            assertTrue(Double.isNaN(k.of(c, x)), k.title());
            assertTrue(Double.isNaN(k.of(new double[] {1}, new double[] {1})), k.title());
        }
    }

    @Test
    void averageRanksShareTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Ranks.average(new double[] {1, 2, 2, 3}), EPS);
        assertArrayEquals(new double[] {4, 2, 2, 2, 5}, Ranks.average(new double[] {7, -1, -1, -1, 9}), EPS);
        // -0.0 and 0.0 are one value
        assertArrayEquals(new double[] {2.5, 2.5, 1}, Ranks.average(new double[] {-0.0, 0.0, -1}), EPS);
    }

    @Test
    void spearmanWithTiesByHand() {
        // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): deviations (-1.5, 0, 0, 1.5), (-1.5, .5, -.5, 1.5);
        // sxy = 4.5, sxx = 4.5, syy = 5, rho = 4.5 / sqrt(22.5) = 3 / sqrt(10)
        assertEquals(3 / Math.sqrt(10), Correlation.SPEARMAN.of(new double[] {1, 2, 2, 3}, new double[] {10, 30, 20, 40}), EPS);
        // any monotone map of the values is rank-identical
        assertEquals(1, Correlation.SPEARMAN.of(new double[] {1, 2, 3, 4}, new double[] {-5, 0, 100, 101}), EPS);
    }

    @Test
    void kendallTauBByHand() {
        // pairs: 5 concordant, 1 tied in x only (n1 = 1), n0 = 6: 5 / sqrt(5 * 6)
        assertEquals(5 / Math.sqrt(30), KendallTauB.tau(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}), EPS);
        // C = 3, D = 1, n1 = 2, n2 = 4, n0 = 10: 2 / sqrt(8 * 6)
        assertEquals(2 / Math.sqrt(48), KendallTauB.tau(new double[] {1, 1, 2, 2, 3}, new double[] {1, 2, 1, 2, 2}), EPS);
        // a pair tied in both counts in n1, n2 and n3: (3 - 1 - 1 + 1) / sqrt(2 * 2) = 1
        assertEquals(1, KendallTauB.tau(new double[] {1, 1, 2}, new double[] {5, 5, 6}), EPS);
        // reversed order, no ties: -1
        assertEquals(-1, KendallTauB.tau(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), EPS);
        // 0.0 and -0.0 tie, as in x = (0, -0, 1), y = (1, 2, 3): n1 = 1, C = 2
        assertEquals(2 / Math.sqrt(2 * 3), KendallTauB.tau(new double[] {0.0, -0.0, 1}, new double[] {1, 2, 3}), EPS);
    }

    @Test
    void kendallMatchesTheQuadraticDefinitionWithManyTies() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            int levels = 1 + rnd.nextInt(6); // few levels: many ties, sometimes constant
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(levels) - levels / 2;
                y[i] = rnd.nextInt(4) == 0 ? x[i] : rnd.nextInt(levels + 2);
            }
            double expected = quadraticTauB(x, y);
            double got = KendallTauB.tau(x, y);
            if (Double.isNaN(expected)) assertTrue(Double.isNaN(got), "trial " + trial);
            else assertEquals(expected, got, 1e-12, "trial " + trial);
        }
    }

    @Test
    void kendallIsFastOnANeuronSizedVector() {
        int n = 36_864;
        Random rnd = new Random(1);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(100) == 0 ? 0 : rnd.nextGaussian();
            y[i] = x[i] + 0.5 * rnd.nextGaussian();
        }
        long t0 = System.nanoTime();
        double tau = KendallTauB.tau(x, y);
        assertTrue((System.nanoTime() - t0) < 5_000_000_000L, "O(n log n) should take well under a second");
        assertTrue(tau > 0.5 && tau < 1, "tau " + tau);
    }

    /** tau-b straight from its definition: every pair classified. */
    static double quadraticTauB(double[] x, double[] y) {
        long c = 0, d = 0, tx = 0, ty = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sx = Math.signum(x[i] - x[j]);
                double sy = Math.signum(y[i] - y[j]);
                if (sx == 0) tx++;
                if (sy == 0) ty++;
                if (sx * sy > 0) c++;
                else if (sx * sy < 0) d++;
            }
        }
        long n0 = (long) n * (n - 1) / 2;
        double den = Math.sqrt((double) (n0 - tx) * (n0 - ty));
        return den == 0 ? Double.NaN : (c - d) / den;
    }
}
