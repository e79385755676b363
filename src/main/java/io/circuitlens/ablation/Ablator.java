package io.circuitlens.ablation;

import io.circuitlens.circuit.Component;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.Patch;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.StartPoint;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;
import io.circuitlens.runs.Run;
import io.circuitlens.runs.RunSetup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs the clean prompts with sets of components ablated and reads the metric per prompt. Every (set, prompt) is one
 * row of a batched pass; rows are grouped by their earliest ablated sublayer and start there from a cached residual
 * stream (like batched activation patching), and passes are split to a token budget. All ablations of one row go into
 * one patch plan, each component acting on its own slice at every position.
 *
 * <p>Opening an ablator runs the clean prompts (metric, residual streams) and the corrupted ones (metric; for resample
 * ablation the activations at the {@code scope}'s hooks) and, for mean ablation, averages the scope's hooks over the
 * chosen prompts. Only components inside the scope can then be ablated.
 */
public final class Ablator implements AutoCloseable {
    private final RunSetup setup;
    private final AblationSpec spec;
    private final PatchedRuns engine;
    private final Set<HookName> scope;
    private final ComponentMeans means;
    private final ActivationCache corruptedCache;
    private final AblationPatches patches;
    private final float[] metricCorrupted;
    private final AblatedState full;

    private Ablator(RunSetup setup, AblationSpec spec, PatchedRuns engine, Set<HookName> scope, ComponentMeans means, AblatedState full,
                    ActivationCache corruptedCache, float[] metricCorrupted) {
        this.setup = setup;
        this.spec = spec;
        this.engine = engine;
        this.scope = scope;
        this.means = means;
        this.full = full;
        this.corruptedCache = corruptedCache;
        this.patches = new AblationPatches(spec, means, corruptedCache);
        this.metricCorrupted = metricCorrupted;
    }

    public static Ablator open(RunSetup setup, AblationSpec spec, Collection<Component> scope) {
        Set<HookName> hooks = new TreeSet<>();
        for (Component c : scope) hooks.add(c.hook().checkLayers(setup.model().config().nLayers()));
        ComponentMeans means = null;
        if (spec.kind() == Ablation.MEAN) {
            Batch over = spec.meanOver() == MeanOver.CLEAN ? setup.clean() : setup.corrupted();
            means = ComponentMeans.compute(setup.model(), over, hooks, setup.budget());
        }
        boolean resample = spec.kind() == Ablation.RESAMPLE;
        HookFilter keep = resample && !hooks.isEmpty() ? HookFilter.of(hooks.toArray(HookName[]::new)) : HookFilter.none();
        PatchedRuns engine = setup.engine();
        AblatedState full = null;
        Run corrupted = null;
        try {
            // the full model on the clean prompts first: it is the reference a KL metric compares with
            Run clean = engine.run(setup.clean(), stateCache(hooks), PatchPlan.empty(), true);
            full = new AblatedState(AblationSet.EMPTY, clean.metric(), clean.cache());
            corrupted = engine.run(setup.corrupted(), keep, PatchPlan.empty(), false);
            ActivationCache kept = corrupted.cache();
            if (!resample) {
                kept.close();
                kept = null;
            }
            return new Ablator(setup, spec, engine, hooks, means, full, kept, corrupted.metric());
        } catch (RuntimeException e) {
            if (full != null) full.close();
            if (corrupted != null) corrupted.close();
            engine.close();
            throw e;
        }
    }

    /**
     * What a state keeps: the residual stream before every sublayer and the scope's own hooks, so that a pass ablating
     * more heads or neurons starts right at the first one's hook.
     */
    private static HookFilter stateCache(Set<HookName> scope) {
        List<String> patterns = new ArrayList<>(List.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid"));
        for (HookName h : scope) patterns.add(h.toString());
        return HookFilter.of(patterns.toArray(String[]::new));
    }

    public RunSetup setup() {
        return setup;
    }

    public AblationSpec spec() {
        return spec;
    }

    /** The engine this ablator runs on (its metric's reference is the full model's clean run). */
    public PatchedRuns engine() {
        return engine;
    }

    public int prompts() {
        return setup.prompts();
    }

    /** Metric per prompt of the full model (nothing ablated) on the clean prompts. */
    public float[] metricClean() {
        return full.metric.clone();
    }

    public float[] metricCorrupted() {
        return metricCorrupted.clone();
    }

    /** The means mean ablation uses (null for other ablations). */
    public ComponentMeans means() {
        return means;
    }

    /** Metric per prompt with these components ablated together. */
    public float[] ablate(Collection<Component> comps) {
        return evaluate(List.of(comps), Progress.NONE)[0];
    }

    /** Metric [set][prompt] with each set ablated (an empty set gives the full model's metric), batched. */
    public float[][] evaluate(List<? extends Collection<Component>> sets, Progress progress) {
        return evaluateFrom(full, sets, progress);
    }

    /** Runs the clean prompts with these components ablated, keeping what later passes start from; close it. */
    public AblatedState state(Collection<Component> removed) {
        return run(checked(AblationSet.of(removed)));
    }

    /**
     * Metric [set][prompt] with {@code base}'s components and each extra set ablated together (components already in
     * the base count once). Rows start at their extra set's earliest sublayer from the base run's residual stream: the
     * rows of one start sublayer form one group of the engine's job.
     */
    public float[][] evaluateFrom(AblatedState base, List<? extends Collection<Component>> extras, Progress progress) {
        int n = prompts();
        AblationSet[] sets = new AblationSet[extras.size()];
        float[][] out = new float[sets.length][];
        TreeMap<Integer, List<Integer>> byStart = new TreeMap<>(); // start stage -> sets
        long rows = 0;
        for (int s = 0; s < sets.length; s++) {
            sets[s] = checked(AblationSet.of(extras.get(s), base.removed));
            if (sets[s].isEmpty()) {
                out[s] = base.metric.clone(); // nothing more to ablate: the base run is the answer
                continue;
            }
            byStart.computeIfAbsent(sets[s].startStage(base.resid), k -> new ArrayList<>()).add(s);
            rows += n;
        }
        progress.total(rows);
        List<RowGroup> groups = new ArrayList<>();
        List<int[]> groupSets = new ArrayList<>();
        for (var e : byStart.entrySet()) {
            int[] setOfRow = new int[e.getValue().size() * n];
            int[] prompt = new int[setOfRow.length];
            for (int i = 0; i < setOfRow.length; i++) {
                setOfRow[i] = e.getValue().get(i / n);
                prompt[i] = i % n;
            }
            groups.add(new RowGroup(e.getKey(), RowMap.listed(prompt)));
            groupSets.add(setOfRow);
        }
        PatchedRuns.Plans plans = (g, from, map) -> {
            HookName start = StartPoint.stageHook(groups.get(g).stage());
            PatchPlan.Builder plan = PatchPlan.builder();
            // the base's ablations up to the start hook are already in what the pass loads from the state (the cache holds
            // patched values); the ones after it are recomputed, so they are applied again
            for (var e : base.removed.byHook().entrySet()) {
                if (e.getKey().compareTo(start) > 0) patches.add(plan, e.getKey(), Patch.ALL_ROWS, e.getValue());
            }
            for (int i = 0; i < map.rows(); i++) {
                for (var e : sets[groupSets.get(g)[from + i]].byHook().entrySet()) patches.add(plan, e.getKey(), i, e.getValue());
            }
            return plan.build();
        };
        float[][] values = engine.run(null, base.resid, groups, plans, null, progress);
        for (int g = 0; g < groups.size(); g++) {
            int[] setOfRow = groupSets.get(g);
            for (int i = 0; i < setOfRow.length; i++) {
                if (out[setOfRow[i]] == null) out[setOfRow[i]] = new float[n];
                out[setOfRow[i]][i % n] = values[g][i];
            }
        }
        return out;
    }

    /** One full pass of the clean prompts with a set ablated, keeping what passes that ablate more start from. */
    private AblatedState run(AblationSet removed) {
        PatchPlan.Builder plan = PatchPlan.builder();
        for (var e : removed.byHook().entrySet()) patches.add(plan, e.getKey(), Patch.ALL_ROWS, e.getValue());
        Run r = engine.run(setup.clean(), stateCache(scope), plan.build(), false);
        return new AblatedState(removed, r.metric(), r.cache());
    }

    private AblationSet checked(AblationSet set) {
        for (HookName h : set.byHook().keySet()) {
            if (!scope.contains(h)) {
                throw new IllegalArgumentException("components at " + h + " are outside this ablator's scope (open it with them)");
            }
        }
        return set;
    }

    @Override
    public void close() {
        full.close();
        if (corruptedCache != null) corruptedCache.close();
        engine.close();
    }
}
