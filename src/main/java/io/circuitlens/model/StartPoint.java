package io.circuitlens.model;

import io.circuitlens.CircuitLensException;

/**
 * Where a forward pass begins when it does not begin at the embeddings: at layer {@code layer}'s residual stream
 * before attention ({@link HookType#RESID_PRE}) or before the MLP ({@link HookType#RESID_MID}), copied for batch row i
 * from prompt {@code sourcePrompt[i]} of a cached run. Patching a layer-L component then costs only layers ≥ L.
 */
public record StartPoint(int layer, HookType at, ActivationCache source, int[] sourcePrompt) {
    public StartPoint {
        if (at != HookType.RESID_PRE && at != HookType.RESID_MID) {
            throw new IllegalArgumentException("a forward pass can start at hook_resid_pre or hook_resid_mid, not " + at.suffix());
        }
        sourcePrompt = sourcePrompt.clone();
    }

    public HookName hook() {
        return HookName.of(layer, at);
    }

    /** Checks the start against a batch: the hook is cached and each row's source prompt has the row's length. */
    void check(Batch batch, Gpt2Config cfg) {
        hook().checkLayers(cfg.nLayers());
        if (!source.config().equals(cfg)) throw new CircuitLensException("start point: the cache comes from a different model");
        if (!source.contains(hook())) throw new CircuitLensException("start point: " + hook() + " is not in the cache");
        if (sourcePrompt.length != batch.size()) {
            throw new CircuitLensException("start point: " + sourcePrompt.length + " source prompts for a batch of " + batch.size());
        }
        for (int r = 0; r < batch.size(); r++) {
            int sp = sourcePrompt[r];
            if (sp < 0 || sp >= source.prompts()) throw new CircuitLensException("start point: source prompt " + sp + " is out of range");
            if (source.length(sp) != batch.length(r)) {
                throw new CircuitLensException("start point: batch row " + r + " has " + batch.length(r) + " tokens but cached prompt "
                        + sp + " has " + source.length(sp));
            }
        }
    }
}
