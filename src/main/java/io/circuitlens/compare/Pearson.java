package io.circuitlens.compare;

/** Pearson's product-moment correlation, in double precision. */
final class Pearson {
    private Pearson() {}

    /** r of x and y; NaN when either is constant (the correlation is undefined, not 0). */
    static double r(double[] x, double[] y) {
        checkLengths(x, y);
        int n = x.length;
        if (n < 2) return Double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        // two passes (means first): the one-pass sum-of-squares formula cancels badly for scores far from 0
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1, Math.min(1, r)); // rounding can step just past ±1
    }

    static void checkLengths(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
    }
}
