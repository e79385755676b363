package io.circuitlens.tasks;

import io.circuitlens.metrics.LogitDiffMulti;
import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.metrics.ProbDiffMulti;

/** One correct and one incorrect answer token per prompt (ioi, gender-bias, capital-country): logit-diff by default. */
record SingleAnswers(int[] correct, int[] incorrect) implements TaskTargets {
    @Override
    public int size() {
        return correct.length;
    }

    @Override
    public String defaultMetric() {
        return "logit-diff";
    }

    @Override
    public Metric metric(String name) {
        // The multi-answer names are accepted too (each set holds one token), so one --metric works across tasks.
        if (name.equals(LogitDiffMulti.NAME) || name.equals(ProbDiffMulti.NAME)) {
            return Metrics.answerSetDiff(name, singletons(correct), singletons(incorrect));
        }
        return Metrics.answerDiff(name, correct, incorrect);
    }

    @Override
    public TaskTargets select(int[] at) {
        int[] c = new int[at.length];
        int[] i = new int[at.length];
        for (int k = 0; k < at.length; k++) {
            c[k] = correct[at[k]];
            i[k] = incorrect[at[k]];
        }
        return new SingleAnswers(c, i);
    }

    private static int[][] singletons(int[] ids) {
        int[][] out = new int[ids.length][];
        for (int p = 0; p < ids.length; p++) out[p] = new int[] {ids[p]};
        return out;
    }
}
