package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.RowMap;

import java.util.List;

import static io.circuitlens.model.HookType.*;

/**
 * Where a forward pass begins when it does not begin at the embeddings: inside layer {@code layer} of a cached run, at
 * one of four entry points — before attention ({@link HookType#RESID_PRE}), after the attention mix
 * ({@link HookType#Z}: z and resid_pre loaded), before the MLP ({@link HookType#RESID_MID}) or after the GELU
 * ({@link HookType#MLP_POST}: post and resid_mid loaded) — row i of the pass continuing prompt {@code rows.prompt(i)}
 * of that run. Patching a head (hook_z) or a neuron (hook_post) then costs only what comes after it, and the rows are
 * built on the backend from the cache (nothing per row crosses to it for a grid map).
 *
 * <p>Entry points are numbered as stages: 4L + (0 RESID_PRE, 1 Z, 2 RESID_MID, 3 MLP_POST), in forward order.
 */
public record StartPoint(int layer, HookType at, ActivationCache source, RowMap rows) {
    /** The entry points of a layer, in forward order: the stage index within the layer. */
    public static final List<HookType> ENTRIES = List.of(RESID_PRE, Z, RESID_MID, MLP_POST);

    public StartPoint {
        if (!ENTRIES.contains(at)) {
            throw new IllegalArgumentException("a forward pass can start at hook_resid_pre, attn.hook_z, hook_resid_mid or mlp.hook_post, not "
                    + at.suffix());
        }
    }

    /** The start of stage {@code stage} (see {@link StartPoint}). */
    public static StartPoint atStage(int stage, ActivationCache source, RowMap rows) {
        return new StartPoint(stage / 4, ENTRIES.get(stage % 4), source, rows);
    }

    public int stage() {
        return 4 * layer + ENTRIES.indexOf(at);
    }

    /**
     * The latest stage from which a pass can recompute {@code hook}, given what {@code cache} holds: a hook of the
     * attention's input side (resid_pre .. pattern) needs the whole layer; z, result and attn_out can start after the
     * mix when the cache has z; resid_mid .. mlp_pre start before the MLP; post, mlp_out and resid_post after the GELU
     * when the cache has post. (A null cache: the latest stage whatever it holds.)
     */
    public static int stageFor(HookName hook, ActivationCache cache) {
        int l = hook.layer();
        int o = hook.type().ordinal();
        if (o < Z.ordinal()) return 4 * l;
        if (o < RESID_MID.ordinal()) return cache == null || cache.contains(HookName.of(l, Z)) ? 4 * l + 1 : 4 * l;
        if (o < MLP_POST.ordinal()) return 4 * l + 2;
        return cache == null || cache.contains(HookName.of(l, MLP_POST)) ? 4 * l + 3 : 4 * l + 2;
    }

    /** The hook a stage begins with. */
    public static HookName stageHook(int stage) {
        return HookName.of(stage / 4, ENTRIES.get(stage % 4));
    }

    public HookName hook() {
        return HookName.of(layer, at);
    }

    /** Checks the start against a model: what it loads is cached and every row's prompt exists in the cache. */
    void check(Gpt2Config cfg) {
        hook().checkLayers(cfg.nLayers());
        if (!source.config().equals(cfg)) throw new CircuitLensException("start point: the cache comes from a different model");
        HookName residual = HookName.of(layer, at == Z || at == RESID_PRE ? RESID_PRE : RESID_MID);
        for (HookName h : List.of(residual, hook())) {
            if (!source.contains(h)) throw new CircuitLensException("start point: " + h + " is not in the cache");
        }
        if (rows.rows() == 0) throw new CircuitLensException("empty batch: no rows to run");
        if (rows.maxPrompt() >= source.prompts()) {
            throw new CircuitLensException("start point: source prompt " + rows.maxPrompt() + " is out of range (the cache holds "
                    + source.prompts() + " prompts)");
        }
    }
}
