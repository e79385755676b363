package io.circuitlens.metrics;

/** {@code prob-diff}: p[correct] − p[incorrect] per prompt, with p the softmax over the whole vocabulary. */
public final class ProbDiff extends WeightedMetric {
    public static final String NAME = "prob-diff";

    public ProbDiff(int[] correct, int[] incorrect) {
        super(NAME, AnswerWeights.difference(NAME, correct, incorrect), true);
    }
}
