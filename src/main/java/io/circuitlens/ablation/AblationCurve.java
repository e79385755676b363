package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;

import java.util.List;

/**
 * Metric per prompt after each step of an ablation sequence: {@code metric[i]} with the first {@code steps[i]}
 * components of {@code order} ablated ({@code steps[0]} = 0 is the full model).
 */
public record AblationCurve(List<Component> order, int[] steps, float[][] metric) {
    public AblationCurve {
        order = List.copyOf(order);
        if (steps.length != metric.length) throw new IllegalArgumentException(steps.length + " steps but " + metric.length + " metric rows");
    }

    public Stats stats(int i) {
        return Stats.of(metric[i]);
    }

    public double[] means() {
        double[] m = new double[steps.length];
        for (int i = 0; i < m.length; i++) m[i] = stats(i).mean();
        return m;
    }

    public double[] stds() {
        double[] s = new double[steps.length];
        for (int i = 0; i < s.length; i++) s[i] = stats(i).std();
        return s;
    }
}
