package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.RowMap;

/**
 * Where a forward pass begins when it does not begin at the embeddings: at layer {@code layer}'s residual stream
 * before attention ({@link HookType#RESID_PRE}) or before the MLP ({@link HookType#RESID_MID}) of a cached run, row
 * i of the pass continuing prompt {@code rows.prompt(i)} of that run. Patching a layer-L component then costs only
 * layers ≥ L, and the rows are built on the backend from the cache (nothing per row crosses to it for a grid map).
 */
public record StartPoint(int layer, HookType at, ActivationCache source, RowMap rows) {
    public StartPoint {
        if (at != HookType.RESID_PRE && at != HookType.RESID_MID) {
            throw new IllegalArgumentException("a forward pass can start at hook_resid_pre or hook_resid_mid, not " + at.suffix());
        }
    }

    /** Start at the input of sublayer {@code sublayer}: 2L is layer L's attention, 2L + 1 its MLP. */
    public static StartPoint atSublayer(int sublayer, ActivationCache source, RowMap rows) {
        return new StartPoint(sublayer / 2, sublayer % 2 == 0 ? HookType.RESID_PRE : HookType.RESID_MID, source, rows);
    }

    /** The sublayer a hook belongs to: 2L for hooks of layer L's attention half (resid_pre .. attn_out), else 2L + 1. */
    public static int sublayer(HookName hook) {
        return 2 * hook.layer() + (hook.type().ordinal() < HookType.RESID_MID.ordinal() ? 0 : 1);
    }

    public HookName hook() {
        return HookName.of(layer, at);
    }

    /** Checks the start against a model: the hook is cached and every row's prompt exists in the cache. */
    void check(Gpt2Config cfg) {
        hook().checkLayers(cfg.nLayers());
        if (!source.config().equals(cfg)) throw new CircuitLensException("start point: the cache comes from a different model");
        if (!source.contains(hook())) throw new CircuitLensException("start point: " + hook() + " is not in the cache");
        if (rows.rows() == 0) throw new CircuitLensException("empty batch: no rows to run");
        if (rows.maxPrompt() >= source.prompts()) {
            throw new CircuitLensException("start point: source prompt " + rows.maxPrompt() + " is out of range (the cache holds "
                    + source.prompts() + " prompts)");
        }
    }
}
