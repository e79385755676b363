package io.circuitlens.metrics;

/** {@code logit-diff-multi}: Σ logits of the prompt's correct answers − Σ logits of its incorrect ones (either set may be empty; a token listed twice counts twice). */
public final class LogitDiffMulti extends WeightedMetric {
    public static final String NAME = "logit-diff-multi";

    public LogitDiffMulti(int[][] correct, int[][] incorrect) {
        super(NAME, AnswerWeights.difference(NAME, correct, incorrect), false);
    }
}
