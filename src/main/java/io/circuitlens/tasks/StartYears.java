package io.circuitlens.tasks;

import io.circuitlens.metrics.GreaterThanLogit;
import io.circuitlens.metrics.GreaterThanProb;
import io.circuitlens.metrics.LogitDiff;
import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.metrics.ProbDiff;
import io.circuitlens.tokenizer.Gpt2Tokenizer;
import io.circuitlens.common.CircuitLensException;

/**
 * The greater-than task's targets: each prompt's start year digits YY (0..99), scored over the 100 two-digit tokens
 * {@code yearTokens} ("00".."99"): years above YY against the rest. "prob-diff" is {@code greater-than-prob} (the
 * default, as in Hanna et al.), "logit-diff" is {@code greater-than-logit} (mean logits of each side).
 */
record StartYears(int[] yy, int[] yearTokens) implements TaskTargets {
    @Override
    public int size() {
        return yy.length;
    }

    @Override
    public String defaultMetric() {
        return GreaterThanProb.NAME;
    }

    @Override
    public Metric metric(String name) {
        String n = switch (name) {
            case ProbDiff.NAME -> GreaterThanProb.NAME;
            case LogitDiff.NAME -> GreaterThanLogit.NAME;
            default -> name;
        };
        return Metrics.greaterThan(n, yy, yearTokens);
    }

    @Override
    public TaskTargets select(int[] at) {
        int[] y = new int[at.length];
        for (int k = 0; k < at.length; k++) y[k] = yy[at[k]];
        return new StartYears(y, yearTokens);
    }

    /** The ids of the 100 two-digit tokens "00".."99" (each must be a single token, as in GPT-2's vocabulary). */
    public static int[] yearTokens(Gpt2Tokenizer tokenizer) {
        int[] ids = new int[100];
        for (int y = 0; y < ids.length; y++) {
            try {
                ids[y] = tokenizer.singleToken(String.format("%02d", y));
            } catch (CircuitLensException e) {
                throw new CircuitLensException("greater-than needs the years \"00\"..\"99\" as single tokens: "
                        + e.getMessage(), e);
            }
        }
        return ids;
    }

}
