package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.runs.MemoryBudget;

import java.util.stream.IntStream;

/**
 * A task's prompt pairs (see {@link Tasks#load} and {@link Tasks#loadPairs}), tokenised and checked (pair i has the
 * same token length in both prompts, answers are single tokens), with the targets its metrics read. {@link #row(int)}
 * names each pair's data row in the file it came from. Every command that runs a task goes through this.
 */
public final class TaskPairs {
    private final String task;
    private final PromptTokens prompts;
    private final TaskTargets targets;

    TaskPairs(String task, PromptTokens prompts, TaskTargets targets) {
        if (prompts.size() != targets.size()) {
            throw new IllegalArgumentException(task + ": " + prompts.size() + " prompt pairs but " + targets.size() + " targets");
        }
        this.task = task;
        this.prompts = prompts;
        this.targets = targets;
    }

    public String task() {
        return task;
    }

    public int size() {
        return prompts.size();
    }

    /** The 1-based data row (header not counted) of pair {@code i} in its file. */
    public int row(int i) {
        return prompts.row(i);
    }

    /** {@link #row(int)} of every pair, in order. */
    public int[] rows() {
        return prompts.rows();
    }

    /** The metric {@link #metric} gives when no name is asked for. */
    public String defaultMetric() {
        return targets.defaultMetric();
    }

    public Batch clean() {
        return prompts.cleanBatch();
    }

    public Batch corrupted() {
        return prompts.corruptedBatch();
    }

    public Metric metric(String name) {
        String n = name == null ? targets.defaultMetric() : Metrics.checkName(name);
        if (n.startsWith("kl")) return Metrics.kl(n, size());
        return targets.metric(n);
    }

    public TaskPairs head(int n) {
        if (n >= size()) return this;
        return select(IntStream.range(0, Math.max(0, n)).toArray());
    }

    public TaskPairs select(int[] at) {
        for (int i : at) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("pair " + i + " of " + size());
        }
        return new TaskPairs(task, prompts.select(at), targets.select(at));
    }

    /**
     * The pairs on which the model does the task: those whose clean-run "prob-diff" (the task's probability metric)
     * is at least {@code threshold}, in order. Used for hypernymy, whose raw pairs include many the model misses
     * (EAP-IG keeps prob-diff ≥ 0.1).
     */
    public TaskPairs filterByMetric(Gpt2Model model, MemoryBudget budget, double threshold) {
        return select(MetricFilter.keep(this, model, budget, threshold));
    }
}
