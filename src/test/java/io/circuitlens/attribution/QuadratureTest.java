package io.circuitlens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.circuitlens.common.CircuitLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuadratureTest {
    @ParameterizedTest
    @ValueSource(strings = {"gauss-legendre", "riemann-left", "riemann-right", "riemann-middle", "trapezoid"})
    void weightsSumToOneAndAlphasAscendInsideTheUnitInterval(String rule) {
        for (int n : new int[] {2, 3, 7, 50, 200, 1000}) {
            Quadrature q = Quadrature.of(rule, n);
            assertEquals(n, q.steps());
            double sum = 0;
            for (double w : q.weights()) {
                assertTrue(w > 0);
                sum += w;
            }
            assertEquals(1, sum, 1e-13, rule + " n=" + n);
            for (int k = 0; k < n; k++) {
                assertTrue(q.alpha(k) >= 0 && q.alpha(k) <= 1);
                if (k > 0) assertTrue(q.alpha(k) > q.alpha(k - 1), rule + " alphas ascend");
            }
        }
    }

    @Test
    void gaussLegendreIsExactUpToDegreeTwoNMinusOne() {
        for (int n = 1; n <= 20; n++) {
            Quadrature q = Quadrature.of("gauss-legendre", n);
            for (int degree = 0; degree <= 2 * n - 1; degree++) {
                int d = degree;
                assertEquals(1.0 / (d + 1), q.integrate(a -> Math.pow(a, d)), 1e-14, "n=" + n + " degree " + d);
            }
            // and not beyond: degree 2n is where the error starts (visible above rounding for small n)
            int twoN = 2 * n;
            if (n <= 6) assertTrue(Math.abs(q.integrate(a -> Math.pow(a, twoN)) - 1.0 / (twoN + 1)) > 1e-9);
        }
    }

    @Test
    void gaussLegendreNodesForSmallN() {
        // the classical nodes and weights on [-1, 1]
        check(1, new double[] {0}, new double[] {2});
        double r3 = 1 / Math.sqrt(3);
        check(2, new double[] {-r3, r3}, new double[] {1, 1});
        double r35 = Math.sqrt(3.0 / 5);
        check(3, new double[] {-r35, 0, r35}, new double[] {5.0 / 9, 8.0 / 9, 5.0 / 9});
        double inner4 = Math.sqrt(3.0 / 7 - 2.0 / 7 * Math.sqrt(6.0 / 5));
        double outer4 = Math.sqrt(3.0 / 7 + 2.0 / 7 * Math.sqrt(6.0 / 5));
        double wInner4 = (18 + Math.sqrt(30)) / 36;
        double wOuter4 = (18 - Math.sqrt(30)) / 36;
        check(4, new double[] {-outer4, -inner4, inner4, outer4}, new double[] {wOuter4, wInner4, wInner4, wOuter4});
        double inner5 = Math.sqrt(5 - 2 * Math.sqrt(10.0 / 7)) / 3;
        double outer5 = Math.sqrt(5 + 2 * Math.sqrt(10.0 / 7)) / 3;
        double wInner5 = (322 + 13 * Math.sqrt(70)) / 900;
        double wOuter5 = (322 - 13 * Math.sqrt(70)) / 900;
        check(5, new double[] {-outer5, -inner5, 0, inner5, outer5},
                new double[] {wOuter5, wInner5, 128.0 / 225, wInner5, wOuter5});
    }

    private static void check(int n, double[] nodes, double[] weights) {
        Quadrature q = Quadrature.of("gauss-legendre", n);
        for (int k = 0; k < n; k++) {
            assertEquals((nodes[k] + 1) / 2, q.alpha(k), 1e-15, "n=" + n + " node " + k);
            assertEquals(weights[k] / 2, q.weight(k), 1e-15, "n=" + n + " weight " + k);
        }
    }

    @Test
    void manyPointGaussLegendreIsAccurate() {
        for (int n : new int[] {50, 200, 1000}) {
            Quadrature q = Quadrature.of("gauss-legendre", n);
            assertEquals(1 - Math.cos(1), q.integrate(Math::sin), 1e-14, "sin, n=" + n);
            assertEquals(Math.E - 1, q.integrate(Math::exp), 1e-14, "exp, n=" + n);
            assertEquals(2.0 / 3, q.integrate(Math::sqrt), 1e-6, "sqrt (not smooth at 0), n=" + n);
            assertEquals(1.0 / 40, q.integrate(a -> Math.pow(a, 39)), 1e-14, "degree 39, n=" + n);
            // symmetric about 1/2
            for (int k = 0; k < n; k++) {
                assertEquals(q.alpha(k), 1 - q.alpha(n - 1 - k), 1e-15);
                assertEquals(q.weight(k), q.weight(n - 1 - k), 0);
            }
        }
    }

    @Test
    void riemannRulesOnALinearFunction() {
        // ∫₀¹ (2 + 3α) dα = 3.5; left and right sums miss by ∓3/(2n), the midpoint sum is exact
        int n = 8;
        assertEquals(2 + 3 * (n - 1) / (2.0 * n), Quadrature.of("riemann-left", n).integrate(a -> 2 + 3 * a), 1e-14);
        assertEquals(2 + 3 * (n + 1) / (2.0 * n), Quadrature.of("riemann-right", n).integrate(a -> 2 + 3 * a), 1e-14);
        assertEquals(3.5, Quadrature.of("riemann-middle", n).integrate(a -> 2 + 3 * a), 1e-14);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, Quadrature.of("riemann-left", 4).alphas(), 0);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1}, Quadrature.of("riemann-right", 4).alphas(), 0);
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, Quadrature.of("riemann-middle", 4).alphas(), 0);
    }

    @Test
    void trapezoidIsExactOnLinearFunctions() {
        for (int n = 2; n <= 12; n++) {
            Quadrature q = Quadrature.of("trapezoid", n);
            assertEquals(3.5, q.integrate(a -> 2 + 3 * a), 1e-14);
            assertEquals(0, q.alpha(0));
            assertEquals(1, q.alpha(n - 1));
        }
        Quadrature three = Quadrature.of("trapezoid", 3);
        assertArrayEquals(new double[] {0, 0.5, 1}, three.alphas(), 0);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, three.weights(), 0);
    }

    @Test
    void badRuleOrStepCount() {
        var unknown = assertThrows(CircuitLensException.class, () -> Quadrature.of("simpson", 10));
        assertTrue(unknown.getMessage().contains("gauss-legendre, riemann-left, riemann-right, riemann-middle, trapezoid"),
                unknown.getMessage());
        assertFalse(unknown.getMessage().contains("\n"));
        assertThrows(CircuitLensException.class, () -> Quadrature.of("gauss-legendre", 0));
        assertThrows(CircuitLensException.class, () -> Quadrature.of("riemann-left", -3));
        assertThrows(CircuitLensException.class, () -> Quadrature.of("trapezoid", 1));
        assertThrows(CircuitLensException.class, () -> Quadrature.of("riemann-middle", Quadrature.MAX_STEPS + 1));
        assertEquals(1, Quadrature.of("riemann-left", 1).steps());
    }

    @Test
    void largestRuleIsQuickAndExactOnQuadratics() {
        long start = System.nanoTime();
        Quadrature q = Quadrature.of("gauss-legendre", Quadrature.MAX_STEPS);
        assertTrue(System.nanoTime() - start < 20e9, "gauss-legendre at MAX_STEPS took too long");
        assertEquals(1.0 / 3, q.integrate(a -> a * a), 1e-13);
    }

    @Test
    void immutable() {
        Quadrature q = Quadrature.of("riemann-left", 4);
        q.alphas()[0] = 99;
        assertEquals(0, q.alpha(0));
        assertNotSame(q.weights(), q.weights());
        assertEquals(q, Quadrature.of("riemann-left", 4));
        assertEquals("riemann-left(4 steps)", q.toString());
    }
}
