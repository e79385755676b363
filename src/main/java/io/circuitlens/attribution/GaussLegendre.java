package io.circuitlens.attribution;

/**
 * n-point Gauss–Legendre nodes and weights, found by Newton's method on the Legendre polynomial P_n (evaluated by
 * its three-term recurrence) from the usual cosine estimates of its roots.
 */
final class GaussLegendre {
    private static final int MAX_NEWTON = 100;

    private GaussLegendre() {}

    /** The rule mapped from [−1, 1] to [0, 1] (α = (x+1)/2, weight w/2), alphas ascending. */
    static Quadrature onUnitInterval(int n) {
        double[] alphas = new double[n];
        double[] weights = new double[n];
        // roots come in ± pairs: find the non-negative half, descending from the largest, and mirror it
        for (int i = 0; i < (n + 1) / 2; i++) {
            double x = root(n, i);
            double w = weight(n, x);
            int hi = n - 1 - i;
            alphas[hi] = (1 + x) / 2;
            alphas[i] = (1 - x) / 2;
            weights[hi] = w / 2;
            weights[i] = w / 2;
        }
        return new Quadrature(Quadrature.GAUSS_LEGENDRE, alphas, weights);
    }

    /** The i-th largest root of P_n (i = 0 is the largest). */
    private static double root(int n, int i) {
        if (n % 2 == 1 && i == n / 2) return 0; // the middle root of an odd rule is exactly 0
        double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
        // Newton converges quadratically, so once a step is below 1e-12 one more reaches double precision; a
        // tolerance at the rounding level itself would spin, as steps there jitter rather than shrink
        boolean last = false;
        for (int iter = 0; iter < MAX_NEWTON && !last; iter++) {
            double[] pd = legendre(n, x);
            double step = pd[0] / pd[1];
            x -= step;
            last = Math.abs(step) < 1e-12;
        }
        return x;
    }

    /** Weight on [−1, 1]: 2 / ((1 − x²) P_n'(x)²). */
    private static double weight(int n, double x) {
        double d = legendre(n, x)[1];
        return 2 / ((1 - x * x) * d * d);
    }

    /** {P_n(x), P_n'(x)} by (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}, and P_n' = n (x P_n − P_{n−1}) / (x² − 1). */
    private static double[] legendre(int n, double x) {
        double previous = 1;
        double current = x;
        for (int k = 1; k < n; k++) {
            double next = ((2 * k + 1) * x * current - k * previous) / (k + 1);
            previous = current;
            current = next;
        }
        double derivative = n * (x * current - previous) / (x * x - 1);
        return new double[] {current, derivative};
    }
}
