package io.circuitlens.model;

/**
 * What one forward pass should do besides computing activations: which hooks to cache, which patches to apply,
 * where to compute logits (the unembedding is a large share of the FLOPs, so it runs only where asked) and whether
 * to keep what a backward pass needs; and, for a pass from a cached run, which positions it may skip.
 */
public record ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits, boolean tape, int[] columns,
                             int[] unchangedBefore, boolean metricRowsOnly) {

    /** Where logits are computed. */
    public enum Logits {
        /** No unembedding at all (e.g. when only caching activations). */
        NONE,
        /** Only at each prompt's last real token: next-token metrics. */
        LAST,
        /** At every position. */
        ALL
    }

    public ForwardOptions {
        if (columns != null && logits != Logits.LAST) throw new IllegalArgumentException("logit columns are chosen for LAST logits only");
        if ((unchangedBefore != null || metricRowsOnly) && logits != Logits.LAST) {
            throw new IllegalArgumentException("a pass that skips positions computes LAST logits");
        }
        if ((unchangedBefore != null || metricRowsOnly) && !cache.isEmpty()) {
            throw new IllegalArgumentException("a pass that skips positions caches nothing");
        }
        columns = columns == null ? null : columns.clone();
        unchangedBefore = unchangedBefore == null ? null : unchangedBefore.clone();
    }

    public ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits) {
        this(cache, patches, logits, false, null, null, false);
    }

    public static ForwardOptions lastLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.LAST);
    }

    public static ForwardOptions allLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.ALL);
    }

    public ForwardOptions withCache(HookFilter filter) {
        return new ForwardOptions(filter, patches, logits, tape, columns, unchangedBefore, metricRowsOnly);
    }

    public ForwardOptions withPatches(PatchPlan plan) {
        return new ForwardOptions(cache, plan, logits, tape, columns, unchangedBefore, metricRowsOnly);
    }

    public ForwardOptions withLogits(Logits where) {
        return new ForwardOptions(cache, patches, where, tape, where == Logits.LAST ? columns : null, unchangedBefore, metricRowsOnly);
    }

    /** Keep the activations {@link Gpt2Model#backward} needs. */
    public ForwardOptions forBackward() {
        return new ForwardOptions(cache, patches, logits, true, columns, unchangedBefore, metricRowsOnly);
    }

    /**
     * LAST logits only at these vocabulary columns (in this order): a metric that reads a few answer tokens needs
     * n_vocab times fewer unembedding FLOPs (77 MFLOP per row for GPT-2). The logits are then [prompts, columns].
     */
    public ForwardOptions atColumns(int[] vocabColumns) {
        return new ForwardOptions(cache, patches, Logits.LAST, tape, vocabColumns, unchangedBefore, metricRowsOnly);
    }

    /**
     * Causal prefix reuse for a pass from a cached run ({@link Gpt2Model#forwardFrom}): the patches leave every
     * position before {@code positions[p]} of a row continuing prompt p as the cached run has it, so (attention being
     * causal) every later activation there is the cached run's too. The pass then computes only the positions from
     * there on, reading the prefix's keys and values from the cache (which must hold hook_k and hook_v of the layers
     * it runs). Patches at earlier positions are the caller's promise to keep: they are not applied. Gradients of such
     * a pass hold the recomputed positions only (per-component sums need no more: the patch's delta is 0 before them).
     */
    public ForwardOptions reusingPrefix(int[] positions) {
        return new ForwardOptions(cache, patches, logits, tape, columns, positions, metricRowsOnly);
    }

    /**
     * Only the rows that reach the metric: after the last layer's attention mix nothing mixes positions any more, so
     * the pass keeps only each prompt's last row from there on (gradients at those hooks are exactly 0 elsewhere).
     */
    public ForwardOptions onlyMetricRows() {
        return new ForwardOptions(cache, patches, logits, tape, columns, unchangedBefore, true);
    }
}
