package io.circuitlens.attribution;

import io.circuitlens.common.CircuitLensException;

import java.util.Arrays;
import java.util.List;

/**
 * A quadrature rule on [0, 1] for integrated gradients: the path points α_k at which gradients are taken and the
 * weights w_k (summing to 1) that turn them into ∫₀¹ f(α) dα ≈ Σ w_k f(α_k). Alphas are ascending.
 *
 * <p>Rules: {@code gauss-legendre} (the default; exact for polynomials up to degree 2n−1, so far fewer steps than a
 * Riemann sum for smooth paths), {@code riemann-left} (α = k/n), {@code riemann-right} ((k+1)/n),
 * {@code riemann-middle} ((k+½)/n), each with w = 1/n, and {@code trapezoid} (n ≥ 2 points k/(n−1), half weight
 * at both ends).
 *
 * <p>The arrays are copied in and out, so an instance is immutable.
 */
public record Quadrature(String rule, double[] alphas, double[] weights) {
    public static final String GAUSS_LEGENDRE = "gauss-legendre";
    public static final String RIEMANN_LEFT = "riemann-left";
    public static final String RIEMANN_RIGHT = "riemann-right";
    public static final String RIEMANN_MIDDLE = "riemann-middle";
    public static final String TRAPEZOID = "trapezoid";
    public static final String DEFAULT_RULE = GAUSS_LEGENDRE;
    public static final List<String> RULES = List.of(GAUSS_LEGENDRE, RIEMANN_LEFT, RIEMANN_RIGHT, RIEMANN_MIDDLE,
            TRAPEZOID);
    /**
     * Far beyond any useful integrated-gradients run (each step is a forward and backward pass), and it bounds
     * Gauss–Legendre's O(n²) node computation.
     */
    public static final int MAX_STEPS = 10_000;

    public Quadrature {
        if (alphas.length != weights.length) {
            throw new IllegalArgumentException(rule + ": " + alphas.length + " alphas but " + weights.length + " weights");
        }
        alphas = alphas.clone();
        weights = weights.clone();
    }

    /** The rule with {@code steps} points; an unknown rule or bad step count is a {@link CircuitLensException}. */
    public static Quadrature of(String rule, int steps) {
        if (!RULES.contains(rule)) {
            throw new CircuitLensException("unknown integration rule '" + rule + "'; valid rules: "
                    + String.join(", ", RULES));
        }
        int min = rule.equals(TRAPEZOID) ? 2 : 1;
        if (steps < min || steps > MAX_STEPS) {
            throw new CircuitLensException("rule " + rule + " needs between " + min + " and " + MAX_STEPS
                    + " steps, got " + steps);
        }
        return switch (rule) {
            case GAUSS_LEGENDRE -> GaussLegendre.onUnitInterval(steps);
            case RIEMANN_LEFT -> riemann(rule, steps, 0.0);
            case RIEMANN_RIGHT -> riemann(rule, steps, 1.0);
            case RIEMANN_MIDDLE -> riemann(rule, steps, 0.5);
            default -> trapezoid(steps);
        };
    }

    /** Number of points. */
    public int steps() {
        return alphas.length;
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public double alpha(int k) {
        return alphas[k];
    }

    public double weight(int k) {
        return weights[k];
    }

    /** Σ w_k f(α_k). */
    public double integrate(java.util.function.DoubleUnaryOperator f) {
        double sum = 0;
        for (int k = 0; k < alphas.length; k++) sum += weights[k] * f.applyAsDouble(alphas[k]);
        return sum;
    }

    private static Quadrature riemann(String rule, int n, double offset) {
        double[] alphas = new double[n];
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            alphas[k] = (k + offset) / n;
            weights[k] = 1.0 / n;
        }
        return new Quadrature(rule, alphas, weights);
    }

    private static Quadrature trapezoid(int n) {
        double[] alphas = new double[n];
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            alphas[k] = (double) k / (n - 1);
            weights[k] = 1.0 / (n - 1);
        }
        weights[0] /= 2;
        weights[n - 1] /= 2;
        return new Quadrature(TRAPEZOID, alphas, weights);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quadrature q && rule.equals(q.rule) && Arrays.equals(alphas, q.alphas)
                && Arrays.equals(weights, q.weights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rule.hashCode() + Arrays.hashCode(alphas)) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return rule + "(" + alphas.length + " steps)";
    }
}
