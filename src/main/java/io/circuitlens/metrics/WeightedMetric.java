package io.circuitlens.metrics;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.MetricSpec;

/** Shared body of the answer-based metrics: per-prompt weights over answer tokens, read against logits or probabilities. */
abstract sealed class WeightedMetric implements Metric
        permits LogitDiff, ProbDiff, LogitDiffMulti, ProbDiffMulti, GreaterThanProb, GreaterThanLogit, WeightedMetric.Selected {
    private final String name;
    private final AnswerWeights weights;
    private final boolean probabilities;

    WeightedMetric(String name, AnswerWeights weights, boolean probabilities) {
        this.name = name;
        this.weights = weights;
        this.probabilities = probabilities;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int prompts() {
        return weights.prompts();
    }

    @Override
    public final MetricSpec spec(int vocab, Buf reference) {
        return weights.spec(probabilities, vocab);
    }

    @Override
    public final Metric select(int[] at) {
        return new Selected(name, weights.select(at), probabilities);
    }

    @Override
    public String toString() {
        return name + "(" + prompts() + " prompts)";
    }

    /** A weighted metric restricted to some prompts. */
    static final class Selected extends WeightedMetric {
        Selected(String name, AnswerWeights weights, boolean probabilities) {
            super(name, weights, probabilities);
        }
    }
}
