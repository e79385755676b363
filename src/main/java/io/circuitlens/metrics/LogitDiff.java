package io.circuitlens.metrics;

/** {@code logit-diff}: logit[correct] − logit[incorrect] per prompt. */
public final class LogitDiff extends WeightedMetric {
    public static final String NAME = "logit-diff";

    public LogitDiff(int[] correct, int[] incorrect) {
        super(NAME, AnswerWeights.difference(NAME, correct, incorrect), false);
    }
}
