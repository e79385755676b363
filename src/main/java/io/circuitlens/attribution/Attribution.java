package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;
import io.circuitlens.circuit.Component;
import io.circuitlens.circuit.Checkpoint;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RunSetup;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: scores every component of the requested granularities for every prompt pair with one method.
 * Result tensors (float32): one per granularity ({@code heads} [N, n_layer, n_head], {@code neurons} [N, n_layer, d_mlp],
 * ...), {@code metric_clean} and {@code metric_corrupted} [N]; for IG and Split IG {@code completeness_gap_<name>}
 * [N, n_layer]; for AtP with patterns {@code attention_attribution} [N, n_layer, n_head, T, T]; for Split IG the right
 * parts {@code <name>_right} (the plain names hold the left parts) and {@code split_alpha_<path>} [N, n_layer]; with
 * path curves {@code path_metric_<path>} and {@code path_grad_norm_<path>} [N, n_layer, steps] and
 * {@code path_metric_component_<L.H or mL.N>} [N, steps].
 */
public final class Attribution {
    private Attribution() {}

    public static Map<String, FloatTensor> run(RunSetup setup, AttributionOptions opt, Progress progress) {
        return run(setup, opt, progress, Checkpoint.NONE);
    }

    /** As {@link #run(RunSetup, AttributionOptions, Progress)}, resuming from and saving to a checkpoint. */
    public static Map<String, FloatTensor> run(RunSetup setup, AttributionOptions opt, Progress progress, Checkpoint checkpoint) {
        check(opt, setup.model().config());
        Gpt2Config cfg = setup.model().config();
        int n = setup.prompts();
        int layers = cfg.nLayers();
        var base = opt.direction().baseIsClean() ? setup.clean() : setup.corrupted();
        int[] lengths = base.lengths();
        int maxLen = Arrays.stream(lengths).max().orElse(1);
        List<ScoreTable> tables = new ArrayList<>();
        List<ScoreTable> right = new ArrayList<>();
        for (Granularity g : opt.granularities()) {
            tables.add(new ScoreTable(g, cfg, n, maxLen));
            right.add(new ScoreTable(g, cfg, n, maxLen));
        }
        Map<String, FloatTensor> saved = checkpoint.restored();
        for (int i = 0; i < tables.size(); i++) {
            String name = tables.get(i).granularity.output();
            if (saved.containsKey(name)) tables.get(i).restore(saved.get(name));
            if (saved.containsKey(name + "_right")) right.get(i).restore(saved.get(name + "_right"));
        }
        Map<String, FloatTensor> extra = new LinkedHashMap<>();
        boolean ig = opt.method() == Method.IG || opt.method() == Method.SPLIT_IG;
        if (ig) {
            for (ScoreTable t : tables) extra.put("completeness_gap_" + t.granularity.output(), restored(saved, "completeness_gap_" + t.granularity.output(), n, layers));
            for (List<Integer> shared : IntegratedGradients.byHook(tables).values()) {
                String path = tables.get(shared.getFirst()).granularity.output();
                int steps = opt.quadrature().steps();
                if (opt.method() == Method.SPLIT_IG) extra.put("split_alpha_" + path, restored(saved, "split_alpha_" + path, n, layers));
                if (opt.pathCurves()) {
                    extra.put("path_metric_" + path, restored(saved, "path_metric_" + path, n, layers, steps));
                    extra.put("path_grad_norm_" + path, restored(saved, "path_grad_norm_" + path, n, layers, steps));
                }
            }
        }
        // a finished unit saves every table and extra result as they stand
        Units units = new Units(checkpoint, () -> snapshot(tables, right, opt.method(), extra));
        List<HookType> hooks = opt.granularities().stream().map(Granularity::hook).distinct().toList();
        try (PatchedRuns engine = setup.engine()) {
            progress.total(work(opt, tables, units, cfg, base, n));
            try (BaseRuns runs = BaseRuns.of(engine, setup, hooks, opt.direction())) {
                switch (opt.method()) {
                    case AP -> {
                        for (ActivationPatching.Unit u : ActivationPatching.units(tables, cfg, opt::scores)) {
                            if (units.isDone(u.name())) continue;
                            ActivationPatching.run(engine, base, runs, u, maxLen, progress);
                            units.done(u.name());
                        }
                    }
                    case ATP -> {
                        AttributionPatching.run(engine, base, runs, tables, maxLen, extra, progress);
                        if (opt.reduceMean()) divideByMean(tables, lengths, cfg);
                    }
                    case IG, SPLIT_IG -> integratedGradients(engine, runs, tables, right, opt, extra, saved, units, lengths, maxLen, progress);
                }
                Map<String, FloatTensor> ordered = snapshot(tables, right, opt.method(), Map.of());
                ordered.put("metric_clean", new FloatTensor(new int[] {n}, runs.clean.metric().clone()));
                ordered.put("metric_corrupted", new FloatTensor(new int[] {n}, runs.corrupted.metric().clone()));
                ordered.putAll(extra);
                return ordered;
            }
        }
    }

    private static void check(AttributionOptions opt, Gpt2Config cfg) {
        if (opt.granularities().isEmpty()) throw new CircuitLensException("no components to score");
        if (opt.reduceMean() && opt.method() == Method.AP) {
            throw new CircuitLensException("the mean reduction applies to gradient methods (atp, ig, split-ig); AP scores are metric differences");
        }
        if (opt.layers() != null) {
            for (int l : opt.layers()) {
                if (l < 0 || l >= cfg.nLayers()) throw new CircuitLensException("layer " + l + " does not exist (the model has " + cfg.nLayers() + ")");
            }
        }
        for (String c : opt.pathComponents()) Component.parse(c, cfg);
    }

    private static void integratedGradients(PatchedRuns engine, BaseRuns runs, List<ScoreTable> tables, List<ScoreTable> right,
                                            AttributionOptions opt, Map<String, FloatTensor> extra, Map<String, FloatTensor> saved,
                                            Units units, int[] lengths, int maxLen, Progress progress) {
        Gpt2Config cfg = engine.model().config();
        var igOpt = new IntegratedGradients.Options(opt.quadrature(), opt.method() == Method.SPLIT_IG, opt.splitRatio(), opt.splitRule(),
                opt.pathCurves(), opt.reduceMean());
        for (var e : IntegratedGradients.byHook(tables).entrySet()) {
            List<ScoreTable> shared = e.getValue().stream().map(tables::get).toList();
            List<ScoreTable> sharedRight = e.getValue().stream().map(right::get).toList();
            List<FloatTensor> gaps = shared.stream().map(t -> extra.get("completeness_gap_" + t.granularity.output())).toList();
            String path = shared.getFirst().granularity.output();
            for (int layer = 0; layer < cfg.nLayers(); layer++) {
                String unit = unitName(e.getKey(), layer);
                if (!opt.scores(layer) || units.isDone(unit)) continue;
                IntegratedGradients.layer(engine, runs, HookName.of(layer, e.getKey()), shared, sharedRight, gaps, extra.get("split_alpha_" + path),
                        extra.get("path_metric_" + path), extra.get("path_grad_norm_" + path), igOpt, lengths, maxLen, progress);
                units.done(unit);
            }
        }
        for (String name : opt.pathComponents()) {
            Component c = Component.parse(name, cfg);
            String key = "path_metric_component_" + c.label();
            if (units.isDone(key) && saved.containsKey(key)) {
                extra.put(key, saved.get(key));
                continue;
            }
            extra.put(key, SingleComponentPaths.run(engine, runs, c, opt.quadrature(), progress));
            units.done(key);
        }
    }

    private static String unitName(HookType hook, int layer) {
        return "ig/" + hook.suffix() + "/" + layer;
    }

    /** Rows of every unit still to do: the progress total, known before the first pass. */
    private static long work(AttributionOptions opt, List<ScoreTable> tables, Units units, Gpt2Config cfg,
                             io.circuitlens.model.Batch base, int n) {
        long rows = 0;
        switch (opt.method()) {
            case AP -> {
                for (ActivationPatching.Unit u : ActivationPatching.units(tables, cfg, opt::scores)) {
                    if (!units.isDone(u.name())) rows += ActivationPatching.rowCount(u, base);
                }
            }
            case ATP -> rows = n;
            case IG, SPLIT_IG -> {
                for (HookType hook : IntegratedGradients.byHook(tables).keySet()) {
                    for (int layer = 0; layer < cfg.nLayers(); layer++) {
                        if (opt.scores(layer) && !units.isDone(unitName(hook, layer))) rows += IntegratedGradients.rowCount(opt.quadrature(), n);
                    }
                }
                for (String name : opt.pathComponents()) {
                    if (!units.isDone("path_metric_component_" + Component.parse(name, cfg).label())) {
                        rows += SingleComponentPaths.rowCount(opt.quadrature(), n);
                    }
                }
            }
        }
        return rows;
    }

    /** A result tensor as an earlier run saved it, or zeros. */
    private static FloatTensor restored(Map<String, FloatTensor> saved, String name, int... shape) {
        FloatTensor t = saved.get(name);
        return t != null && Arrays.equals(t.shape(), shape) ? new FloatTensor(shape, t.data().clone()) : FloatTensor.zeros(shape);
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

    private static void divideByMean(List<ScoreTable> tables, int[] lengths, Gpt2Config cfg) {
        for (ScoreTable t : tables) {
            for (int p = 0; p < lengths.length; p++) t.scale(p, cfg.nLayers(), 1.0 / t.granularity.meanDivisor(cfg, lengths[p]));
        }
    }
}
