package io.circuitlens.model;

import io.circuitlens.tensor.FloatTensor;

/** What a patch writes. Declarative (no callbacks) so that every backend, the GPU included, can execute it. */
public sealed interface PatchOp {

    /**
     * base + alpha·(source − base), reading another run's cached activation of prompt {@code sourcePrompt}
     * (−1: the prompt the patched row is a copy of — the row itself in a pass from the embeddings). alpha = 1 replaces the activation (activation patching);
     * 0 < alpha < 1 interpolates (integrated gradients).
     */
    record FromCache(ActivationCache source, int sourcePrompt, float alpha) implements PatchOp {}

    /**
     * Every row's activation (all positions; all components, or one) set to from + α·(to − from), read from two
     * cached runs of the prompts the pass's rows copy, with α = {@code alphas[step]} for the row's step (see
     * {@code kernels.RowMap}). The value no longer depends on what the pass computed (its gradient there is 0).
     * Integrated gradients builds every step of every prompt of a layer with this one operation, on the backend.
     */
    record Interpolate(ActivationCache from, ActivationCache to, float[] alphas) implements PatchOp {}

    /** Sets the activation to 0 (zero ablation). */
    record Zero() implements PatchOp {}

    /**
     * Sets the activation to a fixed value (mean ablation). {@code value} has the hook's per-position shape
     * (e.g. [d_model], [head, d_head]), broadcast over positions, or the full per-prompt shape.
     */
    record SetValue(FloatTensor value) implements PatchOp {}

    /** Adds scale·value (steering); value shaped as for {@link SetValue}. */
    record AddValue(FloatTensor value, float scale) implements PatchOp {}

    /** Multiplies the activation by a factor (amplification; 0 is zero ablation, 1 leaves it alone). */
    record Scale(float factor) implements PatchOp {}
}
