package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.metrics.Metrics;
import io.circuitlens.model.Batch;
import io.circuitlens.hub.LoadedModel;

import java.util.stream.IntStream;

/**
 * One built-in task's prompt pairs (see {@link Tasks#load}): tokenised, checked prompts and the targets its metrics
 * read. {@link #row(int)} names each pair's data row in the file it came from.
 */
public final class TaskPairs implements TaskData {
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

    @Override
    public String task() {
        return task;
    }

    @Override
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

    @Override
    public Batch clean() {
        return prompts.cleanBatch();
    }

    @Override
    public Batch corrupted() {
        return prompts.corruptedBatch();
    }

    @Override
    public Metric metric(String name) {
        String n = name == null ? targets.defaultMetric() : Metrics.checkName(name);
        if (n.startsWith("kl")) return Metrics.kl(n, size());
        return targets.metric(n);
    }

    @Override
    public TaskPairs head(int n) {
        if (n >= size()) return this;
        return select(IntStream.range(0, Math.max(0, n)).toArray());
    }

    @Override
    public TaskPairs select(int[] at) {
        for (int i : at) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("pair " + i + " of " + size());
        }
        return new TaskPairs(task, prompts.select(at), targets.select(at));
    }

    @Override
    public TaskPairs filterByMetric(LoadedModel model, double threshold) {
        return select(MetricFilter.keep(this, model, threshold));
    }
}
