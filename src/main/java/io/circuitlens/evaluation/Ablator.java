package io.circuitlens.evaluation;

import io.circuitlens.attribution.ComponentList.Component;
import io.circuitlens.attribution.Progress;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.StartPoint;
import io.circuitlens.model.Patch;
import io.circuitlens.model.PatchPlan;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
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
    private final AblationSetup setup;
    private final Set<HookName> scope;
    private final ComponentMeans means;
    private final ActivationCache corruptedCache;
    private final AblationPatches patches;
    private final float[] metricCorrupted;
    private final AblatedState full;

    private Ablator(AblationSetup setup, Set<HookName> scope, ComponentMeans means, ActivationCache corruptedCache,
                    float[] metricCorrupted) {
        this.setup = setup;
        this.scope = scope;
        this.means = means;
        this.corruptedCache = corruptedCache;
        this.patches = new AblationPatches(setup.spec(), means, corruptedCache);
        this.metricCorrupted = metricCorrupted;
        this.full = run(AblationSet.EMPTY);
    }

    public static Ablator open(AblationSetup setup, Collection<Component> scope) {
        Set<HookName> hooks = new TreeSet<>();
        for (Component c : scope) hooks.add(Components.hook(c).checkLayers(setup.model().config().nLayers()));
        AblationSpec spec = setup.spec();
        ComponentMeans means = null;
        if (spec.kind() == Ablation.MEAN) {
            Batch over = spec.meanOver() == MeanOver.CLEAN ? setup.clean() : setup.corrupted();
            means = ComponentMeans.compute(setup.model(), over, hooks, setup.tokensPerPass());
        }
        boolean resample = spec.kind() == Ablation.RESAMPLE;
        HookFilter keep = resample && !hooks.isEmpty() ? HookFilter.of(hooks.stream().map(HookName::toString).toArray(String[]::new))
                : HookFilter.none();
        ActivationCache corrupted;
        float[] metricCorrupted;
        try (ForwardResult r = setup.model().forward(setup.corrupted(), ForwardOptions.lastLogits().withCache(keep))) {
            metricCorrupted = metricOf(setup, r, identity(setup.prompts()));
            corrupted = r.detachCache();
        }
        if (!resample) {
            corrupted.close();
            corrupted = null;
        }
        try {
            return new Ablator(setup, hooks, means, corrupted, metricCorrupted);
        } catch (RuntimeException e) {
            if (corrupted != null) corrupted.close();
            throw e;
        }
    }

    public AblationSetup setup() {
        return setup;
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
     * the base count once). Rows start at their extra set's earliest sublayer from the base run's residual stream.
     */
    public float[][] evaluateFrom(AblatedState base, List<? extends Collection<Component>> extras, Progress progress) {
        int n = prompts();
        AblationSet[] sets = new AblationSet[extras.size()];
        float[][] out = new float[sets.length][];
        long[] order = new long[Math.multiplyExact(sets.length, n)];
        int rows = 0;
        for (int s = 0; s < sets.length; s++) {
            sets[s] = checked(AblationSet.of(extras.get(s), base.removed));
            if (sets[s].isEmpty()) {
                out[s] = base.metric.clone(); // nothing more to ablate: the base run is the answer
                continue;
            }
            out[s] = new float[n];
            for (int p = 0; p < n; p++) {
                // sort key: the start sublayer, then the row's place (stable), packed in one long
                order[rows] = ((long) sets[s].startKey() << 40) | ((long) s * n + p);
                rows++;
            }
        }
        order = Arrays.copyOf(order, rows);
        Arrays.sort(order);
        int[] rowSet = new int[rows];
        int[] rowPrompt = new int[rows];
        for (int r = 0; r < rows; r++) {
            long idx = order[r] & ((1L << 40) - 1);
            rowSet[r] = (int) (idx / n);
            rowPrompt[r] = (int) (idx % n);
        }
        progress.total(rows);
        int start = 0;
        while (start < rows) {
            int end = start;
            long tokens = 0;
            // a pass holds rows of one start sublayer (as batched activation patching does per layer): mixing would start
            // the later rows earlier than they need
            int key = sets[rowSet[start]].startKey();
            while (end < rows && (end == start || (tokens + setup.clean().length(rowPrompt[end]) <= setup.tokensPerPass()
                    && sets[rowSet[end]].startKey() == key))) {
                tokens += setup.clean().length(rowPrompt[end++]);
            }
            float[] values = runChunk(base, sets, rowSet, rowPrompt, start, end);
            for (int r = start; r < end; r++) out[rowSet[r]][rowPrompt[r]] = values[r - start];
            progress.advance(end - start);
            start = end;
        }
        return out;
    }

    private float[] runChunk(AblatedState base, AblationSet[] sets, int[] rowSet, int[] rowPrompt, int from, int to) {
        int key = Integer.MAX_VALUE;
        for (int r = from; r < to; r++) key = Math.min(key, sets[rowSet[r]].startKey());
        int[] prompts = Arrays.copyOfRange(rowPrompt, from, to);
        int[][] tokens = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) tokens[i] = setup.clean().tokens()[prompts[i]];
        PatchPlan.Builder plan = PatchPlan.builder();
        // The base's ablations upstream of the start are already in the cached residual stream; the rest must be redone.
        for (var e : base.removed.byHook().entrySet()) {
            if (Components.key(e.getKey()) < key) continue;
            if (setup.spec().kind() == Ablation.RESAMPLE) {
                for (int i = 0; i < prompts.length; i++) patches.add(plan, e.getKey(), i, e.getValue(), prompts[i]);
            } else {
                patches.add(plan, e.getKey(), Patch.ALL_ROWS, e.getValue(), -1);
            }
        }
        for (int i = 0; i < prompts.length; i++) {
            for (var e : sets[rowSet[from + i]].byHook().entrySet()) patches.add(plan, e.getKey(), i, e.getValue(), prompts[i]);
        }
        StartPoint sp = new StartPoint(key / 2, key % 2 == 0 ? HookType.RESID_PRE : HookType.RESID_MID, base.resid, prompts);
        ForwardOptions opt = new ForwardOptions(HookFilter.none(), plan.build(), ForwardOptions.Logits.LAST).startingAt(sp);
        try (ForwardResult r = setup.model().forward(new Batch(tokens), opt)) {
            return metricOf(setup, r, prompts);
        }
    }

    /** One full pass of the clean prompts with a set ablated, keeping the residual stream before every sublayer. */
    private AblatedState run(AblationSet removed) {
        PatchPlan.Builder plan = PatchPlan.builder();
        // every row is its own prompt here, so a resample source of −1 ("the same index") is the row's own prompt
        for (var e : removed.byHook().entrySet()) patches.add(plan, e.getKey(), Patch.ALL_ROWS, e.getValue(), -1);
        ForwardOptions opt = ForwardOptions.lastLogits().withPatches(plan.build())
                .withCache(HookFilter.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid"));
        try (ForwardResult r = setup.model().forward(setup.clean(), opt)) {
            float[] metric = metricOf(setup, r, identity(prompts()));
            return new AblatedState(removed, metric, r.detachCache());
        }
    }

    private AblationSet checked(AblationSet set) {
        for (HookName h : set.byHook().keySet()) {
            if (!scope.contains(h)) {
                throw new IllegalArgumentException("components at " + h + " are outside this ablator's scope (open it with them)");
            }
        }
        return set;
    }

    private static float[] metricOf(AblationSetup setup, ForwardResult r, int[] rowPrompt) {
        float[] values = new float[rowPrompt.length];
        setup.metric().evaluate(r.lastLogitsAll(), rowPrompt.length, setup.model().config().dVocab(), rowPrompt, values, null);
        return values;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Override
    public void close() {
        full.close();
        if (corruptedCache != null) corruptedCache.close();
    }
}
