package io.circuitlens.ablation;

/**
 * Mean and standard deviation over prompts. The standard deviation is the population one (divide by n, numpy's
 * default {@code np.std}), so one prompt gives 0 rather than undefined.
 */
public record Stats(double mean, double std) {

    public static Stats of(float[] values) {
        int n = values.length;
        if (n == 0) return new Stats(Double.NaN, Double.NaN);
        double sum = 0;
        for (float v : values) sum += v;
        double mean = sum / n;
        double sq = 0;
        for (float v : values) sq += (v - mean) * (v - mean);
        return new Stats(mean, Math.sqrt(sq / n));
    }

    public static double mean(float[] values) {
        return of(values).mean;
    }
}
