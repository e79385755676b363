package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.hub.LoadedModel;

/**
 * Prompt pairs of one task, tokenised and checked (pair i has the same token length in both prompts, answers are
 * single tokens), with the metric that reads them. Every command that runs a task goes through this.
 */
public interface TaskData {
    /** Task name ("ioi", ..., or "pairs" for a generic clean,corrupted,correct,incorrect file). */
    String task();

    int size();

    Batch clean();

    Batch corrupted();

    /**
     * The metric for these pairs: {@code name} (e.g. "logit-diff", "prob-diff", "kl"), or the task's default when null.
     * KL compares with the clean run's next-token distribution, which the engine computes when it runs the pairs.
     */
    Metric metric(String name);

    /** The first n pairs (n ≥ size: all). */
    TaskData head(int n);

    /** The pairs at these 0-based positions, in this order (a view; implementations may do better). */
    default TaskData select(int[] at) {
        return new SelectedTaskData(this, at);
    }

    /**
     * The pairs on which the model does the task: those whose clean-run "prob-diff" (the task's probability metric)
     * is at least {@code threshold}, in order. Used for hypernymy, whose raw pairs include many the model misses
     * (EAP-IG keeps prob-diff ≥ 0.1).
     */
    default TaskData filterByMetric(LoadedModel model, double threshold) {
        return select(MetricFilter.keep(this, model, threshold));
    }
}
