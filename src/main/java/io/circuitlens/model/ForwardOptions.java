package io.circuitlens.model;

/**
 * What one forward pass should do besides computing activations: which hooks to cache, which patches to apply,
 * where to compute logits (the unembedding is a large share of the FLOPs, so it runs only where asked) and whether
 * to keep what a backward pass needs.
 */
public record ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits, boolean tape) {

    /** Where logits are computed. */
    public enum Logits {
        /** No unembedding at all (e.g. when only caching activations). */
        NONE,
        /** Only at each prompt's last real token: next-token metrics. */
        LAST,
        /** At every position. */
        ALL
    }

    public ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits) {
        this(cache, patches, logits, false);
    }

    public static ForwardOptions lastLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.LAST);
    }

    public static ForwardOptions allLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.ALL);
    }

    public ForwardOptions withCache(HookFilter filter) {
        return new ForwardOptions(filter, patches, logits, tape);
    }

    public ForwardOptions withPatches(PatchPlan plan) {
        return new ForwardOptions(cache, plan, logits, tape);
    }

    public ForwardOptions withLogits(Logits where) {
        return new ForwardOptions(cache, patches, where, tape);
    }

    /** Keep the activations {@link Gpt2Model#backward} needs. */
    public ForwardOptions forBackward() {
        return new ForwardOptions(cache, patches, logits, true);
    }
}
