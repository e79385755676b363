package io.circuitlens.metrics;

/**
 * {@code greater-than-prob}: Σ_{y>YY} p(y) − Σ_{y≤YY} p(y) over the year tokens "00".."99", with p the softmax over
 * the whole vocabulary. {@code yy[p]} is prompt p's start year's last two digits; {@code yearTokens[y]} the id of the
 * two-digit token y (the task finds them with its tokenizer).
 */
public final class GreaterThanProb extends WeightedMetric {
    public static final String NAME = "greater-than-prob";

    public GreaterThanProb(int[] yy, int[] yearTokens) {
        super(NAME, YearWeights.of(NAME, yy, yearTokens, false), true);
    }
}
