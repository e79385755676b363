package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.common.CircuitLensException;
import io.circuitlens.runs.Progress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faithfulness of given circuits, one per prompt: prompt p keeps circuit p, every other component of the scope is
 * ablated, and f = (m(circuits) − m(empty)) / (m(full) − m(empty)) with m the mean metric over prompts, as in
 * {@link Faithfulness} (which picks one circuit for all prompts from scores). A circuit per prompt is what a ground
 * truth that differs between prompts asks for (which neurons hold which fact); the same circuit for every prompt is
 * {@link Faithfulness}'s f exactly.
 */
public final class CircuitFaithfulness {
    private CircuitFaithfulness() {}

    /** f, and per prompt the metric with its circuit kept, with nothing ablated (full) and with the whole scope ablated (empty). */
    public record Result(double f, float[] metricCircuit, float[] metricFull, float[] metricEmpty) {}

    /**
     * Each list in {@code batches} gives one circuit per prompt; every circuit must lie inside {@code scope}. Distinct
     * circuits are ablated once each (all in one batched evaluation), so the circuits of many methods, or of many random
     * draws, cost one call.
     */
    public static List<Result> run(Ablator ablator, List<Component> scope, List<List<Set<Component>>> batches, Progress progress) {
        int n = ablator.prompts();
        Set<Component> all = new HashSet<>(scope);
        Map<Set<Component>, Integer> sets = new LinkedHashMap<>(); // circuit kept -> row of the evaluation
        sets.put(Set.of(), 0);      // empty circuit: everything ablated
        sets.put(Set.copyOf(all), 1); // the whole scope kept: the full model
        for (List<Set<Component>> circuits : batches) {
            if (circuits.size() != n) throw new IllegalArgumentException(circuits.size() + " circuits for " + n + " prompts");
            for (Set<Component> c : circuits) {
                for (Component x : c) {
                    if (!all.contains(x)) throw new CircuitLensException("circuit component " + x.label() + " is outside the ablated scope");
                }
                sets.putIfAbsent(Set.copyOf(c), sets.size());
            }
        }
        List<List<Component>> removed = new ArrayList<>();
        for (Set<Component> kept : sets.keySet()) removed.add(scope.stream().filter(c -> !kept.contains(c)).toList());
        float[][] values = ablator.evaluate(removed, progress);
        float[] empty = values[0];
        float[] full = values[1];
        double mEmpty = Stats.mean(empty);
        double mFull = Stats.mean(full);
        List<Result> out = new ArrayList<>();
        for (List<Set<Component>> circuits : batches) {
            float[] m = new float[n];
            for (int p = 0; p < n; p++) m[p] = values[sets.get(Set.copyOf(circuits.get(p)))][p];
            out.add(new Result(Faithfulness.f(Stats.mean(m), mFull, mEmpty), m, full.clone(), empty.clone()));
        }
        return out;
    }
}
