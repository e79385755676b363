package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.model.ActivationCache;

import java.util.List;

/**
 * The clean prompts run once with a set of components ablated: the metric per prompt, and the residual stream before
 * every sublayer. Ablating more components on top of it starts at the first new component's sublayer from this
 * residual stream (what is upstream is unchanged), which is what makes greedy rounds cheap.
 */
public final class AblatedState implements AutoCloseable {
    final AblationSet removed;
    final float[] metric;
    final ActivationCache resid;

    AblatedState(AblationSet removed, float[] metric, ActivationCache resid) {
        this.removed = removed;
        this.metric = metric;
        this.resid = resid;
    }

    /** The ablated components, in canonical forward order. */
    public List<Component> removed() {
        return removed.components();
    }

    /** Metric per prompt with {@link #removed()} ablated. */
    public float[] metric() {
        return metric.clone();
    }

    @Override
    public void close() {
        resid.close();
    }
}
