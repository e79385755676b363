package io.circuitlens.model;

/**
 * What one forward pass should do besides computing activations: which hooks to cache, which patches to apply,
 * where to compute logits (the unembedding is a large share of the FLOPs, so it runs only where asked) and whether
 * to keep what a backward pass needs.
 */
public record ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits, boolean tape, int[] columns) {

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
        columns = columns == null ? null : columns.clone();
    }

    public ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits) {
        this(cache, patches, logits, false, null);
    }

    public static ForwardOptions lastLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.LAST);
    }

    public static ForwardOptions allLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.ALL);
    }

    public ForwardOptions withCache(HookFilter filter) {
        return new ForwardOptions(filter, patches, logits, tape, columns);
    }

    public ForwardOptions withPatches(PatchPlan plan) {
        return new ForwardOptions(cache, plan, logits, tape, columns);
    }

    public ForwardOptions withLogits(Logits where) {
        return new ForwardOptions(cache, patches, where, tape, where == Logits.LAST ? columns : null);
    }

    /** Keep the activations {@link Gpt2Model#backward} needs. */
    public ForwardOptions forBackward() {
        return new ForwardOptions(cache, patches, logits, true, columns);
    }

    /**
     * LAST logits only at these vocabulary columns (in this order): a metric that reads a few answer tokens needs
     * n_vocab times fewer unembedding FLOPs (77 MFLOP per row for GPT-2). The logits are then [prompts, columns].
     */
    public ForwardOptions atColumns(int[] vocabColumns) {
        return new ForwardOptions(cache, patches, Logits.LAST, tape, vocabColumns);
    }
}
