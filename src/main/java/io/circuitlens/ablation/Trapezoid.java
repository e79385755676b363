package io.circuitlens.ablation;

/**
 * Area under a curve given at points x[0] < x[1] < ... by the trapezoid rule: Σ (x[i+1] − x[i])·(y[i] + y[i+1])/2.
 * The curve is taken as the straight lines between the measured points; nothing is extrapolated past the ends.
 */
public final class Trapezoid {
    private Trapezoid() {}

    public static double area(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        double a = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            if (!(x[i + 1] > x[i])) throw new IllegalArgumentException("x must increase strictly, got " + x[i] + " then " + x[i + 1]);
            a += (x[i + 1] - x[i]) * (y[i] + y[i + 1]) / 2;
        }
        return a;
    }
}
