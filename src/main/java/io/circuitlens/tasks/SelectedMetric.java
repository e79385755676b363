package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;

/** A metric over some prompts of another metric: prompt i here is prompt {@code at[i]} there. */
final class SelectedMetric implements Metric {
    private final Metric base;
    private final int[] at;

    SelectedMetric(Metric base, int[] at) {
        this.base = base;
        this.at = at.clone();
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int prompts() {
        return at.length;
    }

    @Override
    public double evaluateRow(double[] logits, int prompt, double[] grad) {
        if (prompt < 0 || prompt >= at.length) {
            throw new IllegalArgumentException(name() + ": prompt " + prompt + " is outside 0.." + (at.length - 1));
        }
        return base.evaluateRow(logits, at[prompt], grad);
    }
}
