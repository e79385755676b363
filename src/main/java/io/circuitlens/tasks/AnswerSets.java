package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.metrics.ProbDiffMulti;

/**
 * A set of correct and a set of incorrect answer tokens per prompt (sva: the plural vs singular verb forms; hypernymy:
 * the category's answer words vs the other category's). Prob-diff by default: summed logits of sets of different
 * sizes are not comparable, summed probabilities are.
 */
record AnswerSets(int[][] correct, int[][] incorrect) implements TaskTargets {
    @Override
    public int size() {
        return correct.length;
    }

    @Override
    public String defaultMetric() {
        return ProbDiffMulti.NAME;
    }

    @Override
    public Metric metric(String name) {
        return Metrics.answerSetDiff(name, correct, incorrect);
    }

    @Override
    public TaskTargets select(int[] at) {
        int[][] c = new int[at.length][];
        int[][] i = new int[at.length][];
        for (int k = 0; k < at.length; k++) {
            c[k] = correct[at[k]];
            i[k] = incorrect[at[k]];
        }
        return new AnswerSets(c, i);
    }
}
