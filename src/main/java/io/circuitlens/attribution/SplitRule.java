package io.circuitlens.attribution;

import io.circuitlens.common.CircuitLensException;

/**
 * Where Split IG cuts the path: the first quadrature node (in ascending α) at which the metric along the path has
 * covered a fraction r of its change. {@code endpoints} measures the change between f(0) and f(1) (Miglani et al.
 * 2020); {@code minmax} between the path's minimum and maximum, rising or falling by which comes first, so paths that
 * overshoot or fall are handled. r ≥ 1 means no split (the left part is all of IG).
 */
public enum SplitRule {
    ENDPOINTS("endpoints"),
    MINMAX("minmax");

    private final String label;

    SplitRule(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SplitRule parse(String s) {
        for (SplitRule r : values()) if (r.label.equals(s)) return r;
        throw new CircuitLensException("the split rule must be endpoints or minmax, got '" + s + "'");
    }

    /** Index of the first node at or past the threshold; f.length when there is none (or r ≥ 1). */
    public int splitIndex(double[] f, double f0, double f1, double r) {
        int n = f.length;
        if (r >= 1) return n;
        double threshold;
        double sign;
        if (this == ENDPOINTS) {
            sign = f1 >= f0 ? 1 : -1;
            threshold = f0 + r * (f1 - f0);
        } else {
            // the path including its endpoints, in α order: f0, f[0..n-1], f1
            double min = f0;
            double max = f0;
            int argMin = -1;
            int argMax = -1;
            double[] path = new double[n + 1];
            System.arraycopy(f, 0, path, 0, n);
            path[n] = f1;
            for (int i = 0; i <= n; i++) {
                if (path[i] < min) {
                    min = path[i];
                    argMin = i;
                }
                if (path[i] > max) {
                    max = path[i];
                    argMax = i;
                }
            }
            boolean rising = argMax >= argMin; // ties count as rising
            sign = rising ? 1 : -1;
            threshold = rising ? min + r * (max - min) : max - r * (max - min);
        }
        for (int k = 0; k < n; k++) {
            if (sign * (f[k] - threshold) >= 0) return k;
        }
        return n;
    }
}
