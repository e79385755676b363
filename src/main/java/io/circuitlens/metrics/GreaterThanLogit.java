package io.circuitlens.metrics;

/**
 * {@code greater-than-logit}: mean logit of the years y > YY minus mean logit of the years y ≤ YY, over the tokens
 * "00".."99" (for YY = 99 the empty upper side contributes 0). Arguments as in {@link GreaterThanProb}.
 */
public final class GreaterThanLogit extends WeightedMetric {
    public static final String NAME = "greater-than-logit";

    public GreaterThanLogit(int[] yy, int[] yearTokens) {
        super(NAME, YearWeights.of(NAME, yy, yearTokens, true), false);
    }
}
