package io.circuitlens.model;

import io.circuitlens.patch.PatchPlan;

/**
 * What one forward pass should do besides computing activations: which hooks to cache, which patches to apply, and
 * where to compute logits. The unembedding is a large share of the FLOPs, so it runs only where asked.
 */
public record ForwardOptions(HookFilter cache, PatchPlan patches, Logits logits) {

    /** Where logits are computed. */
    public enum Logits {
        /** No unembedding at all (e.g. when only caching activations). */
        NONE,
        /** Only at each prompt's last real token: next-token metrics. */
        LAST,
        /** At every position. */
        ALL
    }

    public static ForwardOptions lastLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.LAST);
    }

    public static ForwardOptions allLogits() {
        return new ForwardOptions(HookFilter.none(), PatchPlan.empty(), Logits.ALL);
    }

    public ForwardOptions withCache(HookFilter filter) {
        return new ForwardOptions(filter, patches, logits);
    }

    public ForwardOptions withPatches(PatchPlan plan) {
        return new ForwardOptions(cache, plan, logits);
    }

    public ForwardOptions withLogits(Logits where) {
        return new ForwardOptions(cache, patches, where);
    }
}
