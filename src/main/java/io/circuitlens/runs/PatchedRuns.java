package io.circuitlens.runs;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.kernels.MetricSpec;
import io.circuitlens.kernels.Prepared;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookKind;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.StartPoint;

import java.util.List;

/**
 * The one engine every method runs on: batched, patched runs of a task's prompts with the task's metric evaluated on
 * the backend. A job is a list of {@link RowGroup}s — rows that copy prompts and begin at the same sublayer of a
 * cached state (or at the embeddings) — each split into passes that fit the {@link MemoryBudget}; each pass gets its
 * patches from the method ({@link Plans}), returns the metric of every row and, when asked, hands the gradients at
 * some hooks to the method ({@link Gradients}) while they are still on the backend. Only [rows] metric values (and
 * whatever the method itself downloads, e.g. [rows, units] scores) cross to the host.
 *
 * <p>Metric prompt indices are the task's: a row copying prompt p is scored against p's targets. A metric with a
 * reference distribution (KL) takes it from the first {@link #run} marked as the reference (the clean prompts).
 */
public final class PatchedRuns implements AutoCloseable {
    private final Gpt2Model model;
    private final Kernels k;
    private final Metric metric;
    private final MemoryBudget budget;
    private Buf reference;
    private Prepared<MetricSpec> prepared;
    private int[] columns; // the logit columns the metric reads (null: all of them)

    public PatchedRuns(Gpt2Model model, Metric metric, MemoryBudget budget) {
        this.model = model;
        this.k = model.kernels();
        this.metric = metric;
        this.budget = budget;
    }

    /**
     * An engine for another model (e.g. an exported circuit) on the same backend whose metric compares with this
     * engine's reference run (so a KL metric keeps meaning "against the original model's clean run").
     */
    public PatchedRuns sameReferenceFor(Gpt2Model other) {
        if (other.kernels() != k) throw new IllegalArgumentException("the models run on different backends");
        PatchedRuns out = new PatchedRuns(other, metric, budget);
        if (reference != null) {
            out.reference = k.alloc(reference.size());
            k.copy(reference, 0, out.reference, 0, reference.size());
        }
        return out;
    }

    public Gpt2Model model() {
        return model;
    }

    public Metric metric() {
        return metric;
    }

    public MemoryBudget budget() {
        return budget;
    }

    /** The patches of one pass: rows [from, from + rows.rows()) of group {@code group}, as batch rows 0, 1, ... */
    @FunctionalInterface
    public interface Plans {
        PatchPlan plan(int group, int from, RowMap rows);

        Plans NONE = (g, f, r) -> PatchPlan.empty();
    }

    /** Receives the gradients of one pass (batch rows = rows [from, ..) of the group); they are freed afterwards. */
    @FunctionalInterface
    public interface GradientSink {
        void accept(int group, int from, RowMap rows, ActivationCache gradients);
    }

    /**
     * Gradients of Σ_rows metric at the hooks {@code hooks} keeps, from a backward pass that stops at {@code stopAt}
     * (null: the embeddings); {@code floatsPerToken} is what recording them costs per token (for the memory budget).
     */
    public record Gradients(HookFilter hooks, HookName stopAt, long floatsPerToken, GradientSink sink) {}

    /**
     * One pass over all prompts from the embeddings, with patches, caching what {@code cache} keeps: the metric per
     * prompt and the cache. {@code reference}: this is the run a KL metric compares against (the clean prompts).
     */
    public Run run(Batch prompts, HookFilter cache, PatchPlan plan, boolean reference) {
        checkPrompts(prompts);
        ForwardOptions opt = ForwardOptions.lastLogits().withCache(cache).withPatches(plan);
        if (!metric.needsReference()) {
            metricSpec(); // decides the logit columns
            if (columns != null) opt = opt.atColumns(columns);
        }
        try (ForwardResult r = model.forward(prompts, opt)) {
            if (reference && metric.needsReference() && this.reference == null) {
                this.reference = r.detachLogits();
                float[] values = values(this.reference, r.rows(), null);
                return new Run(values, r.detachCache());
            }
            float[] values = values(r.logitsBuffer(), r.rows(), null);
            return new Run(values, r.detachCache());
        }
    }

    /**
     * Runs a job: {@code state} is the cached run rows start from (it must hold the residual stream before every
     * sublayer they start at), {@code prompts} the tokens of rows that start at the embeddings. Returns the metric per
     * row, per group.
     */
    public float[][] run(Batch prompts, ActivationCache state, List<RowGroup> groups, Plans plans, Gradients gradients,
                         Progress progress) {
        float[][] out = new float[groups.size()][];
        for (int g = 0; g < groups.size(); g++) {
            RowGroup group = groups.get(g);
            out[g] = new float[group.size()];
            int from = 0;
            while (from < group.size()) {
                int to = chunkEnd(prompts, state, group, from, gradients);
                RowMap rows = slice(group.rows(), from, to);
                float[] values = pass(prompts, state, group, rows, plans.plan(g, from, rows), gradients, g, from);
                System.arraycopy(values, 0, out[g], from, values.length);
                progress.advance(to - from);
                from = to;
            }
        }
        return out;
    }

    /** Rows [from, end) of a group that fit the budget together (always at least one). */
    private int chunkEnd(Batch prompts, ActivationCache state, RowGroup group, int from, Gradients gradients) {
        boolean backward = gradients != null;
        long extra = backward ? gradients.floatsPerToken() : 0;
        int start = Math.max(0, group.stage());
        long used = 0;
        int end = from;
        while (end < group.size()) {
            int p = group.rows().prompt(end);
            int len = group.stage() == RowGroup.EMBEDDINGS ? prompts.length(p) : state.length(p);
            int window = len;
            if (group.unchangedBefore() != null && prefixReusable(PatchPlan.empty(), gradients)) {
                window = len - Math.clamp(group.unchangedBefore()[p], 0, len - 1);
            }
            long cost = PassCost.rowBytes(model.config(), len, window, start, backward, extra);
            if (end > from && used + cost > budget.bytes()) break;
            used += cost;
            end++;
        }
        return end;
    }

    private static RowMap slice(RowMap rows, int from, int to) {
        if (rows.isGrid()) return RowMap.grid(rows.gridPrompts(), rows.first() + from, to - from);
        int[] p = rows.prompts();
        return RowMap.listed(java.util.Arrays.copyOfRange(p, from, to));
    }

    private float[] pass(Batch prompts, ActivationCache state, RowGroup rowGroup, RowMap rows, PatchPlan plan, Gradients gradients,
                         int group, int from) {
        int stage = rowGroup.stage();
        // a job's passes read only the metric: from the last attention mix on they keep one row per prompt
        ForwardOptions opt = ForwardOptions.lastLogits().withPatches(plan).onlyMetricRows();
        metricSpec(); // decides the logit columns
        if (columns != null) opt = opt.atColumns(columns);
        if (gradients != null) opt = opt.forBackward();
        if (rowGroup.unchangedBefore() != null && prefixReusable(plan, gradients)) opt = opt.reusingPrefix(rowGroup.unchangedBefore());
        ForwardResult r = stage == RowGroup.EMBEDDINGS ? model.forward(prompts, rows, opt)
                : model.forwardFrom(StartPoint.atStage(stage, state, rows), opt);
        try (r) {
            if (gradients == null) return values(r.logitsBuffer(), r.rows(), null);
            Buf dLogits = k.alloc((long) rows.rows() * (columns == null ? model.config().dVocab() : columns.length));
            try {
                float[] values = values(r.logitsBuffer(), r.rows(), dLogits);
                try (ActivationCache grads = model.backward(r, dLogits, gradients.hooks(), gradients.stopAt())) {
                    gradients.sink().accept(group, from, rows, grads);
                }
                return values;
            } finally {
                k.release(dLogits);
            }
        }
    }

    /**
     * A pass on a window runs attention over the whole prompts in buffers of its own, so it neither patches attention
     * patterns nor keeps their gradients; such passes compute every position.
     */
    private boolean prefixReusable(PatchPlan plan, Gradients gradients) {
        for (HookName h : plan.hooks()) {
            if (h.kind() == HookKind.ATTN) return false;
        }
        if (gradients == null) return true;
        for (int l = 0; l < model.config().nLayers(); l++) {
            for (HookType t : List.of(HookType.ATTN_SCORES, HookType.PATTERN)) {
                HookName h = HookName.of(l, t);
                if (gradients.hooks().test(h) || h.equals(gradients.stopAt())) return false;
            }
        }
        return true;
    }

    /** The metric of every row on the backend; only the values come back. */
    private float[] values(Buf logits, Prepared<RowMap> rows, Buf dLogits) {
        int n = rows.host().rows();
        Buf values = k.alloc(n);
        try {
            k.metric(metricSpec(), logits, rows, values, dLogits);
            float[] out = new float[n];
            k.download(values, 0, out, 0, n);
            return out;
        } finally {
            k.release(values);
        }
    }

    private Prepared<MetricSpec> metricSpec() {
        if (prepared == null) {
            if (metric.needsReference() && reference == null) {
                throw new IllegalStateException(metric.name() + " compares with the clean run, which has not run yet");
            }
            MetricSpec spec = metric.spec(model.config().dVocab(), reference);
            columns = spec.columns();
            prepared = k.prepare(columns == null ? spec : spec.onColumns(columns));
        }
        return prepared;
    }

    private void checkPrompts(Batch prompts) {
        if (prompts.size() != metric.prompts()) {
            throw new CircuitLensException(prompts.size() + " prompts but the metric has targets for " + metric.prompts());
        }
    }

    @Override
    public void close() {
        if (prepared != null) prepared.close();
        prepared = null;
        if (reference != null) k.release(reference);
        reference = null;
    }
}
