package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.runs.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * The cumulative ablation curve: ablate components in a given order, recording the metric after each step. All steps
 * run as one batched job: step k is one row per prompt with the first k components ablated (each row starts at its
 * earliest ablated sublayer, see {@link Ablator}), so a curve of K steps costs K·N rows, not K full passes in turn.
 */
public final class CumulativeAblation {
    private CumulativeAblation() {}

    /** Steps 0, stride, 2·stride, ... and always the last one (everything in {@code order} ablated). */
    public static AblationCurve run(Ablator ablator, List<Component> order, int stride, Progress progress) {
        int[] steps = steps(order.size(), stride);
        List<List<Component>> sets = new ArrayList<>();
        for (int k : steps) sets.add(order.subList(0, k));
        return new AblationCurve(order, steps, ablator.evaluate(sets, progress));
    }

    static int[] steps(int count, int stride) {
        if (stride < 1) throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        int n = count / stride + 1 + (count % stride == 0 ? 0 : 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Math.min(count, i * stride);
        return out;
    }
}
