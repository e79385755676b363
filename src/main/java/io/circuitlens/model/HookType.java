package io.circuitlens.model;

/**
 * Every hook point of GPT-2, named as in TransformerLens (run without weight processing, i.e.
 * {@code HookedTransformer.from_pretrained_no_processing}), in the order the forward pass reaches them.
 */
public enum HookType {
    EMBED("hook_embed", HookKind.RESID, false),
    POS_EMBED("hook_pos_embed", HookKind.RESID, false),
    RESID_PRE("hook_resid_pre", HookKind.RESID, true),
    LN1_SCALE("ln1.hook_scale", HookKind.SCALE, true),
    LN1_NORMALIZED("ln1.hook_normalized", HookKind.RESID, true),
    Q("attn.hook_q", HookKind.HEAD, true),
    K("attn.hook_k", HookKind.HEAD, true),
    V("attn.hook_v", HookKind.HEAD, true),
    ATTN_SCORES("attn.hook_attn_scores", HookKind.ATTN, true),
    PATTERN("attn.hook_pattern", HookKind.ATTN, true),
    Z("attn.hook_z", HookKind.HEAD, true),
    RESULT("attn.hook_result", HookKind.RESULT, true),
    ATTN_OUT("hook_attn_out", HookKind.RESID, true),
    RESID_MID("hook_resid_mid", HookKind.RESID, true),
    MLP_IN("hook_mlp_in", HookKind.RESID, true),
    LN2_SCALE("ln2.hook_scale", HookKind.SCALE, true),
    LN2_NORMALIZED("ln2.hook_normalized", HookKind.RESID, true),
    MLP_PRE("mlp.hook_pre", HookKind.MLP, true),
    MLP_POST("mlp.hook_post", HookKind.MLP, true),
    MLP_OUT("hook_mlp_out", HookKind.RESID, true),
    RESID_POST("hook_resid_post", HookKind.RESID, true),
    LN_FINAL_SCALE("ln_final.hook_scale", HookKind.SCALE, false),
    LN_FINAL_NORMALIZED("ln_final.hook_normalized", HookKind.RESID, false);

    private final String suffix;
    private final HookKind kind;
    private final boolean perLayer;

    HookType(String suffix, HookKind kind, boolean perLayer) {
        this.suffix = suffix;
        this.kind = kind;
        this.perLayer = perLayer;
    }

    /** The name after {@code blocks.L.} (or the whole name for model-level hooks). */
    public String suffix() {
        return suffix;
    }

    public HookKind kind() {
        return kind;
    }

    public boolean perLayer() {
        return perLayer;
    }
}
