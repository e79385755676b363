package io.circuitlens.report;

import java.util.List;

/**
 * A {@code curve} (cumulative ablation) or {@code prune} (greedy pruning) result: the mean and std over prompts of the
 * metric after each recorded step, and the components in the order they were ablated or removed.
 */
public record CurveResult(ResultMeta meta, int[] steps, double[] mean, double[] std, List<String> order) implements Result {
    public CurveResult {
        if (mean.length != steps.length || std.length != steps.length) throw new IllegalArgumentException("curve lengths differ");
        order = List.copyOf(order);
    }

    /** The steps as doubles (the x axis). */
    public double[] x() {
        double[] x = new double[steps.length];
        for (int i = 0; i < x.length; i++) x[i] = steps[i];
        return x;
    }
}
