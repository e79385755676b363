package io.circuitlens.attribution;

import io.circuitlens.CircuitLensException;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: scores every component of the requested granularities for every prompt pair with one method.
 * Result tensors (float32): one per granularity ({@code heads} [N, n_layer, n_head], {@code neurons} [N, n_layer, d_mlp],
 * ...), {@code metric_clean} and {@code metric_corrupted} [N]; for IG and Split IG {@code completeness_gap_<name>}
 * [N, n_layer]; for AtP with patterns {@code attention_attribution} [N, n_layer, n_head, T, T]; for Split IG the right parts {@code <name>_right} (the plain names hold the left parts) and
 * {@code split_alpha_<path>} [N, n_layer]; with path curves {@code path_metric_<path>} and {@code path_grad_norm_<path>}
 * [N, n_layer, steps] and {@code path_metric_component_<L.H or mL.N>} [N, steps].
 */
public final class Attribution {
    private Attribution() {}

    public static Map<String, FloatTensor> run(AttributionSetup setup, AttributionOptions opt, Progress progress) {
        return run(setup, opt, progress, Checkpoint.NONE);
    }

    /** As {@link #run(AttributionSetup, AttributionOptions, Progress)}, resuming from and saving to a checkpoint. */
    public static Map<String, FloatTensor> run(AttributionSetup setup, AttributionOptions opt, Progress progress, Checkpoint checkpoint) {
        if (opt.granularities().isEmpty()) throw new CircuitLensException("no components to score");
        if (opt.reduceMean() && opt.method() == Method.AP) {
            throw new CircuitLensException("--reduce mean applies to gradient methods (atp, ig, split-ig); AP scores are metric differences");
        }
        Gpt2Config cfg = setup.model().config();
        if (opt.layers() != null) {
            for (int l : opt.layers()) {
                if (l < 0 || l >= cfg.nLayers()) throw new CircuitLensException("layer " + l + " does not exist (the model has " + cfg.nLayers() + ")");
            }
        }
        int maxLen = java.util.Arrays.stream(setup.clean().lengths()).max().orElse(1);
        MetricRunner runner = new MetricRunner(setup.model(), setup.metric());
        List<ScoreTable> tables = new ArrayList<>();
        List<ScoreTable> right = new ArrayList<>();
        for (Granularity g : opt.granularities()) {
            tables.add(new ScoreTable(g, cfg, setup.prompts(), maxLen));
            right.add(new ScoreTable(g, cfg, setup.prompts(), maxLen));
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        List<io.circuitlens.model.HookType> hooks = opt.granularities().stream().map(Granularity::hook).distinct().toList();
        Map<String, FloatTensor> saved = checkpoint.restored();
        for (int i = 0; i < tables.size(); i++) {
            String name = tables.get(i).granularity.output();
            if (saved.containsKey(name)) tables.get(i).restore(saved.get(name));
            if (saved.containsKey(name + "_right")) right.get(i).restore(saved.get(name + "_right"));
        }
        // a finished unit saves every table and extra result as they stand
        Units units = new Units(checkpoint, () -> snapshot(tables, right, opt.method(), out));
        try (BaseRuns runs = BaseRuns.of(runner, setup, hooks)) {
            switch (opt.method()) {
                case AP -> ActivationPatching.run(runner, setup, runs, tables, opt::scores, units, progress);
                case ATP -> {
                    AttributionPatching.run(runner, setup, runs, tables, out, progress);
                    if (opt.reduceMean()) divideByMean(tables, setup, cfg);
                }
                case IG, SPLIT_IG -> {
                    var igOpt = new IntegratedGradients.Options(opt.quadrature(), opt.method() == Method.SPLIT_IG, opt.splitRatio(),
                            opt.splitRule(), opt.pathCurves(), opt.reduceMean(), opt::scores);
                    IntegratedGradients.run(runner, setup, runs, tables, right, igOpt, out, saved, units, progress);
                    for (String name : opt.pathComponents()) {
                        String key = "path_metric_component_" + ComponentList.component(name, cfg).label();
                        if (units.isDone(key) && saved.containsKey(key)) {
                            out.put(key, saved.get(key));
                            continue;
                        }
                        out.put(key, SingleComponentPaths.run(runner, setup, runs, ComponentList.component(name, cfg), opt.quadrature(), progress));
                        units.done(key);
                    }
                }
            }
            Map<String, FloatTensor> ordered = new LinkedHashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                ordered.put(tables.get(i).granularity.output(), tables.get(i).tensor());
                if (opt.method() == Method.SPLIT_IG) ordered.put(tables.get(i).granularity.output() + "_right", right.get(i).tensor());
            }
            ordered.put("metric_clean", new FloatTensor(new int[] {setup.prompts()}, runs.metricClean.clone()));
            ordered.put("metric_corrupted", new FloatTensor(new int[] {setup.prompts()}, runs.metricCorrupted.clone()));
            ordered.putAll(out);
            return ordered;
        }
    }

    private static Map<String, FloatTensor> snapshot(List<ScoreTable> tables, List<ScoreTable> right, Method method,
                                                     Map<String, FloatTensor> extra) {
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            state.put(tables.get(i).granularity.output(), tables.get(i).tensor());
            if (method == Method.SPLIT_IG) state.put(tables.get(i).granularity.output() + "_right", right.get(i).tensor());
        }
        state.putAll(extra);
        return state;
    }

    private static void divideByMean(List<ScoreTable> tables, AttributionSetup setup, Gpt2Config cfg) {
        for (ScoreTable t : tables) {
            for (int p = 0; p < setup.prompts(); p++) {
                int len = setup.base().length(p);
                t.scaleLayers(p, cfg.nLayers(), GroupedSums.units(t.granularity, cfg, len), len,
                        1.0 / GroupedSums.meanDivisor(t.granularity, cfg, len));
            }
        }
    }
}
