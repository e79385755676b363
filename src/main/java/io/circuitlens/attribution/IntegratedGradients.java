package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;

import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import io.circuitlens.model.StartPoint;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;
import io.circuitlens.tensor.FloatTensor;

import java.util.List;
import java.util.Map;

/**
 * Layer integrated gradients (captum's LayerIntegratedGradients semantics): for each layer and hook, the whole hook
 * moves along A(α) = A_base + α·(A_source − A_base) with everything upstream the base run and everything downstream
 * recomputed; a component's score is Σ_k w_k ⟨∇metric(A(α_k)), Δ restricted to the component⟩. All steps of all
 * prompts of one layer are one grid of rows (step-major, plus an α = 1 row per prompt for the completeness target),
 * built on the backend from the two cached runs, started at that layer, with the backward stopping at the hook; the
 * per-component sums run on the backend too, so a layer moves only its [rows] metric values and [rows, units]
 * integrands to the host. Split IG cuts the same quadrature sum where the path metric has covered a fraction of its
 * change ({@link SplitRule}).
 */
final class IntegratedGradients {
    private IntegratedGradients() {}

    record Options(Quadrature quadrature, boolean split, double splitRatio, SplitRule splitRule, boolean pathCurves, boolean reduceMean) {}

    /** One layer's path: metric at each node and at α = 1, gradient norms (with path curves), integrands per table. */
    record Path(double[][] f, double[] f1, double[][] gradNorm, float[][][] integrand) {}

    /** Rows of one layer's path. */
    static long rowCount(Quadrature q, int prompts) {
        return (long) (q.steps() + 1) * prompts;
    }

    /**
     * Runs the path of one hook at one layer for the tables scored there, and adds their scores: IG (or Split IG's
     * left part) to {@code tables[i]}, Split IG's right part to {@code right[i]}; completeness gaps, split points and
     * path curves go into the given tensors ([N, n_layer] and [N, n_layer, steps]; path tensors may be null).
     */
    static void layer(PatchedRuns engine, BaseRuns runs, HookName hook, List<ScoreTable> tables, List<ScoreTable> right,
                      List<FloatTensor> gaps, FloatTensor splitAlpha, FloatTensor pathMetric, FloatTensor gradNorm, Options opt,
                      int[] lengths, int maxLen, Progress progress) {
        Gpt2Config cfg = engine.model().config();
        int n = lengths.length;
        int layers = cfg.nLayers();
        int layer = hook.layer();
        double[] alphas = opt.quadrature().alphas();
        double[] weights = opt.quadrature().weights();
        int steps = alphas.length;
        Path path = path(engine, runs, hook, tables, opt, maxLen, progress);
        for (int p = 0; p < n; p++) {
            double f0 = runs.baseMetric()[p];
            int split = opt.split() ? opt.splitRule().splitIndex(path.f[p], f0, path.f1[p], opt.splitRatio()) : steps;
            if (splitAlpha != null) splitAlpha.data()[p * layers + layer] = (float) (split < steps ? alphas[split] : 1.0);
            for (int k = 0; k < steps; k++) {
                if (pathMetric != null) pathMetric.data()[(p * layers + layer) * steps + k] = (float) path.f[p][k];
                if (gradNorm != null) gradNorm.data()[(p * layers + layer) * steps + k] = (float) path.gradNorm[p][k];
            }
            for (int ti = 0; ti < tables.size(); ti++) {
                ScoreTable t = tables.get(ti);
                int units = t.units();
                double[] left = new double[units];
                double[] rightPart = new double[units];
                for (int k = 0; k < steps; k++) {
                    float[] integrand = path.integrand[ti][k * n + p];
                    double[] into = k < split ? left : rightPart;
                    for (int u = 0; u < units; u++) into[u] += weights[k] * integrand[u];
                }
                double total = 0;
                for (int u = 0; u < units; u++) total += left[u] + rightPart[u];
                gaps.get(ti).data()[p * layers + layer] = (float) (total - (path.f1[p] - f0));
                double scale = opt.reduceMean() ? 1.0 / t.granularity.meanDivisor(cfg, lengths[p]) : 1.0;
                if (opt.split()) {
                    t.add(p, layer, left, scale);
                    right.get(ti).add(p, layer, rightPart, scale);
                } else {
                    for (int u = 0; u < units; u++) left[u] += rightPart[u];
                    t.add(p, layer, left, scale);
                }
            }
        }
    }

    private static Path path(PatchedRuns engine, BaseRuns runs, HookName hook, List<ScoreTable> tables, Options opt, int maxLen,
                             Progress progress) {
        Gpt2Config cfg = engine.model().config();
        int n = runs.base().prompts();
        double[] alphas = opt.quadrature().alphas();
        int steps = alphas.length;
        // rows: every (step, prompt), step-major, then one α = 1 row per prompt (the completeness target)
        float[] pathAlphas = new float[steps + 1];
        for (int k = 0; k < steps; k++) pathAlphas[k] = (float) alphas[k];
        pathAlphas[steps] = 1f;
        int rows = (steps + 1) * n;
        double[][] f = new double[n][steps];
        double[] f1 = new double[n];
        double[][] gradNorm = new double[n][steps];
        float[][][] integrand = new float[tables.size()][steps * n][];
        // A(α) = base + α·(source − base) from the two cached runs, not relative to the value this pass recomputes
        // (which need not match the base run bit for bit on every backend)
        PatchPlan plan = PatchPlan.builder().alongPath(hook, Selection.all(), runs.base(), runs.source(), pathAlphas).build();
        PatchedRuns.GradientSink sink = (group, from, map, grads) -> {
            float[][] sums = new float[tables.size()][];
            for (int ti = 0; ti < tables.size(); ti++) {
                Granularity g = tables.get(ti).granularity;
                sums[ti] = grads.unitSums(hook, g.perComponent(), g.perPosition() ? maxLen : 0, runs.source(), runs.base());
            }
            float[] squares = opt.pathCurves() ? grads.rowSquares(hook) : null;
            for (int i = 0; i < map.rows(); i++) {
                int r = from + i;
                if (r / n == steps) continue; // the α = 1 rows only give the target
                for (int ti = 0; ti < tables.size(); ti++) {
                    int units = tables.get(ti).units();
                    integrand[ti][r] = java.util.Arrays.copyOfRange(sums[ti], i * units, (i + 1) * units);
                }
                if (squares != null) gradNorm[r % n][r / n] = Math.sqrt(squares[i]);
            }
        };
        long floatsPerToken = AttributionPatching.hookWidth(cfg, hook.type(), maxLen);
        var gradients = new PatchedRuns.Gradients(HookFilter.of(hook), hook, floatsPerToken, sink);
        // path curves need each step's whole gradient; scores only its positions where the pair differs
        RowGroup group = new RowGroup(StartPoint.stageFor(hook, runs.base()), RowMap.grid(n, 0, rows),
                opt.pathCurves() ? null : runs.unchangedBefore(hook));
        float[] values = engine.run(null, runs.base(), List.of(group), (g, from, map) -> plan, gradients, progress)[0];
        for (int r = 0; r < rows; r++) {
            if (r / n == steps) f1[r % n] = values[r];
            else f[r % n][r / n] = values[r];
        }
        return new Path(f, f1, gradNorm, integrand);
    }

    /** The path hook types of a set of tables, in the order first scored (tables sharing a hook share its path). */
    static Map<HookType, List<Integer>> byHook(List<ScoreTable> tables) {
        Map<HookType, List<Integer>> byHook = new java.util.LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) byHook.computeIfAbsent(tables.get(i).granularity.hook(), h -> new java.util.ArrayList<>()).add(i);
        return byHook;
    }
}
