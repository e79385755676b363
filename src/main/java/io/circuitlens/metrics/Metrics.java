package io.circuitlens.metrics;

import io.circuitlens.common.CircuitLensException;

import java.util.List;

/**
 * Metric names for command-line options and factories by name. The metrics need different targets (answers,
 * answer sets, start years, clean logits), so there is one factory per kind of target.
 */
public final class Metrics {
    /** Every metric name, in the order shown to users. */
    public static final List<String> NAMES = List.of(LogitDiff.NAME, ProbDiff.NAME, LogitDiffMulti.NAME,
            ProbDiffMulti.NAME, GreaterThanProb.NAME, GreaterThanLogit.NAME, KlDivergence.NAME, KlDivergence.MEAN_NAME);

    private Metrics() {}

    /** Returns {@code name} if it is a metric name, else an error listing the valid ones. */
    public static String checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new CircuitLensException("unknown metric '" + name + "'; valid metrics: " + String.join(", ", NAMES));
        }
        return name;
    }

    /** {@code logit-diff} or {@code prob-diff} on one correct and one incorrect answer per prompt. */
    public static Metric answerDiff(String name, int[] correct, int[] incorrect) {
        return switch (checkName(name)) {
            case LogitDiff.NAME -> new LogitDiff(correct, incorrect);
            case ProbDiff.NAME -> new ProbDiff(correct, incorrect);
            default -> throw needs(name, LogitDiff.NAME + " or " + ProbDiff.NAME, "one correct and one incorrect answer");
        };
    }

    /** {@code logit-diff-multi} or {@code prob-diff-multi} on answer sets; single-answer names are accepted too. */
    public static Metric answerSetDiff(String name, int[][] correct, int[][] incorrect) {
        return switch (checkName(name)) {
            case LogitDiff.NAME, LogitDiffMulti.NAME -> new LogitDiffMulti(correct, incorrect);
            case ProbDiff.NAME, ProbDiffMulti.NAME -> new ProbDiffMulti(correct, incorrect);
            default -> throw needs(name, LogitDiffMulti.NAME + " or " + ProbDiffMulti.NAME, "answer sets");
        };
    }

    /** {@code greater-than-prob} or {@code greater-than-logit}. */
    public static Metric greaterThan(String name, int[] yy, int[] yearTokens) {
        return switch (checkName(name)) {
            case GreaterThanProb.NAME -> new GreaterThanProb(yy, yearTokens);
            case GreaterThanLogit.NAME -> new GreaterThanLogit(yy, yearTokens);
            default -> throw needs(name, GreaterThanProb.NAME + " or " + GreaterThanLogit.NAME, "start years");
        };
    }

    /** {@code kl} or {@code kl-mean} against the clean run of {@code prompts} prompts. */
    public static Metric kl(String name, int prompts) {
        return switch (checkName(name)) {
            case KlDivergence.NAME -> new KlDivergence(prompts, false);
            case KlDivergence.MEAN_NAME -> new KlDivergence(prompts, true);
            default -> throw needs(name, KlDivergence.NAME + " or " + KlDivergence.MEAN_NAME, "clean logits");
        };
    }

    private static CircuitLensException needs(String name, String expected, String targets) {
        return new CircuitLensException("metric '" + name + "' does not fit here: this task gives " + targets
                + ", which suit " + expected);
    }
}
