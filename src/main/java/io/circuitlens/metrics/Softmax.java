package io.circuitlens.metrics;

/**
 * The log-normaliser of a softmax in double, kept as (max, log Σ exp(z − max)) rather than one sum: log p(v) is then
 * (z_v − max) − logSum, which stays accurate for logits of ±1e4, where folding max into one number would round
 * away ~1e-12 of every log-probability.
 */
record Softmax(double max, double logSum) {
    static Softmax of(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) max = Math.max(max, x);
        if (Double.isInfinite(max)) return new Softmax(max, 0); // all -inf or a +inf logit: nothing finite to do
        double sum = 0;
        for (double x : z) sum += Math.exp(x - max);
        return new Softmax(max, Math.log(sum));
    }

    static Softmax of(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : z) max = Math.max(max, x);
        if (Double.isInfinite(max)) return new Softmax(max, 0);
        double sum = 0;
        for (float x : z) sum += Math.exp(x - max);
        return new Softmax(max, Math.log(sum));
    }

    double logProb(double z) {
        return (z - max) - logSum;
    }

    double prob(double z) {
        return Math.exp((z - max) - logSum);
    }
}
