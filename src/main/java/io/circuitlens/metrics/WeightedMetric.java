package io.circuitlens.metrics;

/** Shared body of the answer-based metrics: a per-prompt weight vector read against logits or probabilities. */
abstract sealed class WeightedMetric implements Metric
        permits LogitDiff, ProbDiff, LogitDiffMulti, ProbDiffMulti, GreaterThanProb, GreaterThanLogit {
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
    public final double evaluateRow(double[] logits, int prompt, double[] grad) {
        MetricArgs.checkPrompt(this, prompt);
        MetricArgs.checkGrad(logits, grad);
        return probabilities ? weights.linearInProbs(logits, prompt, grad) : weights.linearInLogits(logits, prompt, grad);
    }

    @Override
    public String toString() {
        return name + "(" + prompts() + " prompts)";
    }
}
