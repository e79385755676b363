package io.circuitlens.compare;

/**
 * Mean and sample standard deviation (n - 1) of the defined values of a sample; {@code count} says how many were
 * defined. A per-prompt correlation is undefined (NaN) where a method gives one prompt all-equal scores; such prompts
 * are left out rather than counted as 0, and the count makes that visible.
 */
public record MeanStd(double mean, double std, int count) {
    public static MeanStd of(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        if (n == 0) return new MeanStd(Double.NaN, Double.NaN, 0);
        double mean = sum / n;
        if (n == 1) return new MeanStd(mean, Double.NaN, 1); // one value has no spread to estimate
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(ss / (n - 1)), n);
    }
}
