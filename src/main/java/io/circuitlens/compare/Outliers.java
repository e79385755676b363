package io.circuitlens.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Components on which two methods disagree most once each method is put on its own scale.
 *
 * <p>Each method's prompt-averaged scores are divided by their total absolute score Σ|s| (so they become shares of
 * that method's attribution mass, and Σ|scaled| = 1). The disagreement of a component is |a/Σ|a| − b/Σ|b||. Why
 * not the metric difference (metric_clean − metric_corrupted): for two methods on the same prompts and direction it
 * is the same number for both, so it cannot remove a difference of scale between them (AtP overshooting AP, or a run
 * with {@code --reduce mean}); and component scores do not add up to it for any method (AP effects are not additive;
 * IG's completeness holds per layer, so all layers' heads together add up to the sum of the whole-layer effects). It
 * can also be near zero. Σ|s| is positive for any run with a non-zero score and puts every method on one scale.
 */
public final class Outliers {
    private Outliers() {}

    /** One disagreeing component: its flat index (layer * width + index), raw and scaled scores of both methods. */
    public record Outlier(int index, double a, double b, double scaledA, double scaledB) {
        public double disagreement() {
            return Math.abs(scaledA - scaledB);
        }
    }

    /** v / Σ|v|; all zeros stay zeros (a method that scored nothing has no scale). */
    public static double[] scaleByTotal(double[] v) {
        double total = 0;
        for (double x : v) total += Math.abs(x);
        double[] out = new double[v.length];
        if (total == 0) return out;
        for (int i = 0; i < v.length; i++) out[i] = v[i] / total;
        return out;
    }

    /** The {@code count} components with the largest |scaled a − scaled b|, largest first (ties: lower index). */
    public static List<Outlier> top(double[] a, double[] b, int count) {
        Pearson.checkLengths(a, b);
        double[] sa = scaleByTotal(a);
        double[] sb = scaleByTotal(b);
        double[] gap = new double[a.length];
        for (int i = 0; i < gap.length; i++) gap[i] = sa[i] - sb[i];
        List<Outlier> out = new ArrayList<>();
        for (int i : TopSets.topByAbs(gap, count)) out.add(new Outlier(i, a[i], b[i], sa[i], sb[i]));
        return out;
    }

    /** Flat indices of a list, in order. */
    public static int[] indices(List<Outlier> outliers) {
        return outliers.stream().mapToInt(Outlier::index).toArray();
    }
}
