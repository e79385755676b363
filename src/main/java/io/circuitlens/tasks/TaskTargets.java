package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;

/**
 * What a task's metric scores each prompt against: one correct and one incorrect answer, two answer sets, or a start
 * year. Each kind knows its default metric and which metric names fit it ("logit-diff" and "prob-diff" always do,
 * meaning the kind's own logit or probability version). KL metrics are handled by {@link TaskPairs}.
 */
sealed interface TaskTargets permits SingleAnswers, AnswerSets, StartYears {
    int size();

    /** The metric used when none is named. */
    String defaultMetric();

    /** The metric {@code name} (a checked name from {@code Metrics.NAMES}, not KL) for these targets. */
    Metric metric(String name);

    /** The targets at these 0-based positions, in this order. */
    TaskTargets select(int[] at);
}
