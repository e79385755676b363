package io.circuitlens.model;

/** The per-prompt shape family of a hook point; it decides how positions and components are addressed. */
public enum HookKind {
    /** [pos, d_model]: residual stream, layer-norm outputs, attention and MLP outputs. */
    RESID,
    /** [pos, 1]: layer-norm scale. */
    SCALE,
    /** [pos, head, d_head]: q, k, v, z. */
    HEAD,
    /** [pos, head, d_model]: per-head attention output (without b_O). */
    RESULT,
    /** [head, query_pos, key_pos]: attention scores and pattern. */
    ATTN,
    /** [pos, d_mlp]: MLP neurons. */
    MLP;

    /** Whether the second axis indexes attention heads (so a patch selects heads). */
    public boolean perHead() {
        return this == HEAD || this == RESULT || this == ATTN;
    }
}
