package io.circuitlens.metrics;

/** {@code prob-diff-multi}: Σ probabilities of the prompt's correct answers − Σ of its incorrect ones, softmax over the whole vocabulary (either set may be empty; a token listed twice counts twice). */
public final class ProbDiffMulti extends WeightedMetric {
    public static final String NAME = "prob-diff-multi";

    public ProbDiffMulti(int[][] correct, int[][] incorrect) {
        super(NAME, AnswerWeights.difference(NAME, correct, incorrect), true);
    }
}
