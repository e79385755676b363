package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.hub.LoadedModel;

import java.util.stream.IntStream;

/**
 * Some pairs of another {@link TaskData}, for implementations that cannot subset themselves (a pairs file): the
 * batches are the chosen rows, and the metric is the base metric with prompt i read as base prompt {@code at[i]}.
 */
final class SelectedTaskData implements TaskData {
    private final TaskData base;
    private final int[] at;

    SelectedTaskData(TaskData base, int[] at) {
        for (int i : at) {
            if (i < 0 || i >= base.size()) throw new IndexOutOfBoundsException("pair " + i + " of " + base.size());
        }
        this.base = base;
        this.at = at.clone();
    }

    @Override
    public String task() {
        return base.task();
    }

    @Override
    public int size() {
        return at.length;
    }

    @Override
    public Batch clean() {
        return pick(base.clean());
    }

    @Override
    public Batch corrupted() {
        return pick(base.corrupted());
    }

    @Override
    public Metric metric(String name) {
        return base.metric(name).select(at);
    }

    @Override
    public TaskData head(int n) {
        if (n >= size()) return this;
        return select(IntStream.range(0, Math.max(0, n)).toArray());
    }

    @Override
    public TaskData select(int[] more) {
        int[] composed = new int[more.length];
        for (int i = 0; i < more.length; i++) {
            if (more[i] < 0 || more[i] >= at.length) throw new IndexOutOfBoundsException("pair " + more[i] + " of " + at.length);
            composed[i] = at[more[i]];
        }
        return new SelectedTaskData(base, composed);
    }

    private Batch pick(Batch all) {
        int[][] rows = new int[at.length][];
        for (int i = 0; i < at.length; i++) rows[i] = all.tokens()[at[i]];
        return new Batch(rows);
    }
}
