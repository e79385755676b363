package io.circuitlens.report;

import io.circuitlens.circuit.ComponentKind;

/**
 * The metric along the IG path of one hook ({@code path_metric_<kind>} [N, n_layer, steps], written with
 * {@code --path-curves}) at the quadrature's nodes α, and where Split IG cut it ({@code split_alpha_<kind>} [N, n_layer],
 * 1 = not cut; null when the run was plain IG).
 */
public record PathCurves(ComponentKind kind, int prompts, int layers, double[] alphas, float[] metric, float[] splitAlpha) {
    public PathCurves {
        if (metric.length != prompts * layers * alphas.length) throw new IllegalArgumentException("path metric size");
        if (splitAlpha != null && splitAlpha.length != prompts * layers) throw new IllegalArgumentException("split alpha size");
    }

    public int steps() {
        return alphas.length;
    }

    /** The metric at each node for one layer: one prompt's, or the mean over prompts when {@code prompt} is −1. */
    public double[] metric(int layer, int prompt) {
        double[] out = new double[steps()];
        int from = prompt < 0 ? 0 : prompt;
        int to = prompt < 0 ? prompts : prompt + 1;
        for (int p = from; p < to; p++) {
            for (int k = 0; k < out.length; k++) out[k] += metric[(p * layers + layer) * steps() + k];
        }
        for (int k = 0; k < out.length; k++) out[k] /= to - from;
        return out;
    }

    /** The split α of one layer (one prompt's, or the mean over prompts for −1); NaN for plain IG. */
    public double split(int layer, int prompt) {
        if (splitAlpha == null) return Double.NaN;
        if (prompt >= 0) return splitAlpha[prompt * layers + layer];
        double s = 0;
        for (int p = 0; p < prompts; p++) s += splitAlpha[p * layers + layer];
        return s / prompts;
    }
}
