package io.circuitlens.attribution;

import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer integrated gradients (captum's LayerIntegratedGradients semantics): for each layer and hook, the whole hook
 * moves along A(α) = A_base + α·(A_source − A_base) with everything upstream the base run and everything downstream
 * recomputed; a component's score is Σ_k w_k ⟨∇metric(A(α_k)), Δ restricted to the component⟩. All steps of all
 * prompts of one layer run as one batch (split only to fit the token budget), started at that layer, with the
 * backward stopping at the hook. An extra α = 1 row per prompt gives the completeness target. Split IG cuts the
 * same quadrature sum where the path metric has covered a fraction of its change ({@link SplitRule}).
 */
final class IntegratedGradients {
    private IntegratedGradients() {}

    record Options(Quadrature quadrature, boolean split, double splitRatio, SplitRule splitRule, boolean pathCurves, boolean reduceMean,
                   java.util.function.IntPredicate layers) {}

    /**
     * Fills {@code tables} (IG, or Split IG's left part) and, for Split IG, {@code rightTables} (same order), and puts
     * completeness gaps, split points and path curves into {@code extra}.
     */
    static void run(MetricRunner runner, AttributionSetup setup, BaseRuns runs, List<ScoreTable> tables, List<ScoreTable> rightTables,
                    Options opt, Map<String, FloatTensor> extra, Map<String, FloatTensor> saved, Units units, Progress progress) {
        Gpt2Config cfg = runner.model().config();
        int n = setup.prompts();
        int layers = cfg.nLayers();
        double[] alphas = opt.quadrature().alphas();
        double[] weights = opt.quadrature().weights();
        int steps = alphas.length;
        // granularities sharing a hook share its path
        Map<HookType, List<Integer>> byHook = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) byHook.computeIfAbsent(tables.get(i).granularity.hook(), h -> new ArrayList<>()).add(i);
        for (int i = 0; i < tables.size(); i++) {
            extra.put("completeness_gap_" + tables.get(i).granularity.output(), restored(saved, "completeness_gap_" + tables.get(i).granularity.output(), n, layers));
        }
        for (var e : byHook.entrySet()) {
            String pathName = tables.get(e.getValue().getFirst()).granularity.output();
            FloatTensor pathMetric = restored(saved, "path_metric_" + pathName, n, layers, steps);
            FloatTensor gradNorm = restored(saved, "path_grad_norm_" + pathName, n, layers, steps);
            FloatTensor splitAlpha = restored(saved, "split_alpha_" + pathName, n, layers);
            if (opt.split()) extra.put("split_alpha_" + pathName, splitAlpha);
            if (opt.pathCurves()) {
                extra.put("path_metric_" + pathName, pathMetric);
                extra.put("path_grad_norm_" + pathName, gradNorm);
            }
            for (int layer = 0; layer < layers; layer++) {
                String unit = "ig/" + e.getKey().suffix() + "/" + layer;
                if (!opt.layers().test(layer) || units.isDone(unit)) continue;
                Path path = path(runner, setup, runs, HookName.of(layer, e.getKey()), e.getValue(), tables, opt, progress);
                for (int p = 0; p < n; p++) {
                    int len = setup.base().length(p);
                    double f0 = runs.baseMetric()[p];
                    int split = opt.split() ? opt.splitRule().splitIndex(path.f[p], f0, path.f1[p], opt.splitRatio()) : steps;
                    splitAlpha.data()[p * layers + layer] = (float) (split < steps ? alphas[split] : 1.0);
                    for (int k = 0; k < steps; k++) {
                        pathMetric.data()[(p * layers + layer) * steps + k] = (float) path.f[p][k];
                        gradNorm.data()[(p * layers + layer) * steps + k] = (float) path.gradNorm[p][k];
                    }
                    for (int ti : e.getValue()) {
                        ScoreTable t = tables.get(ti);
                        int count = GroupedSums.units(t.granularity, cfg, len);
                        double[] left = new double[count];
                        double[] right = new double[count];
                        for (int k = 0; k < steps; k++) {
                            double[] integrand = path.integrand[ti][p][k];
                            double w = weights[k];
                            double[] into = k < split ? left : right;
                            for (int u = 0; u < count; u++) into[u] += w * integrand[u];
                        }
                        double total = 0;
                        for (int u = 0; u < count; u++) total += left[u] + right[u];
                        double target = path.f1[p] - f0;
                        extra.get("completeness_gap_" + t.granularity.output()).data()[p * layers + layer] = (float) (total - target);
                        double scale = opt.reduceMean() ? 1.0 / GroupedSums.meanDivisor(t.granularity, cfg, len) : 1.0;
                        if (opt.split()) {
                            t.add(p, layer, left, scale, len);
                            rightTables.get(ti).add(p, layer, right, scale, len);
                        } else {
                            for (int u = 0; u < count; u++) left[u] += right[u];
                            t.add(p, layer, left, scale, len);
                        }
                    }
                }
                units.done(unit);
            }
        }
    }

    /** A result tensor as an earlier run saved it, or zeros. */
    private static FloatTensor restored(Map<String, FloatTensor> saved, String name, int... shape) {
        FloatTensor t = saved.get(name);
        return t != null && java.util.Arrays.equals(t.shape(), shape) ? new FloatTensor(shape, t.data().clone()) : FloatTensor.zeros(shape);
    }

    /** One layer's path: metric at each node, at α = 1, the gradient norms, and per-unit integrands per granularity. */
    private record Path(double[][] f, double[] f1, double[][] gradNorm, double[][][][] integrand) {}

    private static Path path(MetricRunner runner, AttributionSetup setup, BaseRuns runs, HookName hook, List<Integer> tableIdx,
                             List<ScoreTable> tables, Options opt, Progress progress) {
        Gpt2Config cfg = runner.model().config();
        Batch base = setup.base();
        int n = setup.prompts();
        double[] alphas = opt.quadrature().alphas();
        int steps = alphas.length;
        // rows: every (step, prompt), then one α = 1 row per prompt
        int rows = (steps + 1) * n;
        int[] rowPrompt = new int[rows];
        int[] rowStep = new int[rows];
        for (int k = 0; k <= steps; k++) {
            for (int p = 0; p < n; p++) {
                rowPrompt[k * n + p] = p;
                rowStep[k * n + p] = k;
            }
        }
        float[][] delta = new float[n][];
        for (int p = 0; p < n; p++) delta[p] = runs.delta(hook, p);
        double[][] f = new double[n][steps];
        double[] f1 = new double[n];
        double[][] gradNorm = new double[n][steps];
        double[][][][] integrand = new double[tables.size()][n][steps][];
        progress.total(rows);
        for (int[] chunk : RowChunks.of(rowPrompt, base, setup.tokensPerPass())) {
            Batch batch = RowChunks.batch(base, rowPrompt, chunk[0], chunk[1]);
            int[] chunkPrompts = java.util.Arrays.copyOfRange(rowPrompt, chunk[0], chunk[1]);
            // A(α) = base + α·(source − base) from the two cached runs, not relative to the value this pass
            // recomputes (which need not match the base run bit for bit on every backend)
            PatchPlan.Builder plan = PatchPlan.builder();
            for (int r = chunk[0]; r < chunk[1]; r++) {
                plan.set(hook, r - chunk[0], Selection.all(), Selection.all(), runs.base(), rowPrompt[r]);
            }
            for (int r = chunk[0]; r < chunk[1]; r++) {
                float alpha = rowStep[r] < steps ? (float) alphas[rowStep[r]] : 1f;
                plan.interpolate(hook, r - chunk[0], Selection.all(), Selection.all(), runs.source(), rowPrompt[r], alpha);
            }
            ForwardOptions fo = new ForwardOptions(HookFilter.none(), plan.build(), ForwardOptions.Logits.LAST)
                    .startingAt(Passes.startFor(hook, runs.base(), chunkPrompts));
            try (MetricRunner.Output out = runner.withGradients(batch, chunkPrompts, fo, HookFilter.of(hook), hook)) {
                ActivationCache grads = out.gradients();
                for (int r = chunk[0]; r < chunk[1]; r++) {
                    int p = rowPrompt[r];
                    int k = rowStep[r];
                    double value = out.values()[r - chunk[0]];
                    if (k == steps) {
                        f1[p] = value;
                        continue;
                    }
                    f[p][k] = value;
                    float[] g = grads.get(hook, r - chunk[0]).data();
                    double sq = 0;
                    for (float v : g) sq += (double) v * v;
                    gradNorm[p][k] = Math.sqrt(sq);
                    for (int ti : tableIdx) {
                        integrand[ti][p][k] = GroupedSums.sum(tables.get(ti).granularity, cfg, base.length(p), g, delta[p]);
                    }
                }
            }
            progress.advance(chunk[1] - chunk[0]);
        }
        return new Path(f, f1, gradNorm, integrand);
    }
}
