package io.circuitlens.circuit;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookType;

/**
 * One way of cutting the model into components, with the hook whose activation represents them. Heads are scored
 * through {@code attn.hook_z}: head h's result is z_h·W_O[h], linear in z_h, so moving z_h moves the result along the
 * same straight line and ⟨∇, Δ⟩ is the same (without materialising [pos, head, d_model]).
 */
public enum Granularity {
    /** Attention heads (all positions): [layer, head]. */
    HEADS("heads", HookType.Z, Grouping.COMPONENT),
    /** MLP neurons after gelu (all positions): [layer, d_mlp]. */
    NEURONS("neurons", HookType.MLP_POST, Grouping.COMPONENT),
    /** Heads at each position: [layer, head, pos]. */
    HEAD_POS("head_pos", HookType.Z, Grouping.COMPONENT_POSITION),
    /** Head queries, keys and values: [layer, head] each. */
    Q("q", HookType.Q, Grouping.COMPONENT),
    K("k", HookType.K, Grouping.COMPONENT),
    V("v", HookType.V, Grouping.COMPONENT),
    /** Head attention patterns: [layer, head]. */
    PATTERN("pattern", HookType.PATTERN, Grouping.COMPONENT),
    /** Whole attention and MLP layer outputs: [layer]. */
    ATTN_OUT("attn_out", HookType.ATTN_OUT, Grouping.WHOLE),
    MLP_OUT("mlp_out", HookType.MLP_OUT, Grouping.WHOLE),
    /** Residual stream before each layer, per position: [layer, pos]. */
    RESID("resid", HookType.RESID_PRE, Grouping.POSITION);

    /** How the elements of a hook are summed into scores. */
    public enum Grouping {
        /** one score per component (head / neuron), summed over positions and the component's dimensions */
        COMPONENT,
        /** one score per component and position */
        COMPONENT_POSITION,
        /** one score per position, summed over the hook's dimensions */
        POSITION,
        /** one score for the whole hook */
        WHOLE
    }

    private final String output;
    private final HookType hook;
    private final Grouping grouping;

    Granularity(String output, HookType hook, Grouping grouping) {
        this.output = output;
        this.hook = hook;
        this.grouping = grouping;
    }

    /** Name of the scores tensor in the result file. */
    public String output() {
        return output;
    }

    public HookType hook() {
        return hook;
    }

    public Grouping grouping() {
        return grouping;
    }

    /**
     * Parses a comma list of heads, neurons, head-pos, qkv (q, k, v), pattern, layers (attn_out, mlp_out) and resid,
     * without duplicates, in the order given.
     */
    public static java.util.List<Granularity> parseList(String spec) {
        java.util.LinkedHashSet<Granularity> out = new java.util.LinkedHashSet<>();
        for (String part : spec.split(",")) {
            switch (part.trim()) {
                case "heads" -> out.add(HEADS);
                case "neurons" -> out.add(NEURONS);
                case "head-pos" -> out.add(HEAD_POS);
                case "qkv" -> out.addAll(java.util.List.of(Q, K, V));
                case "pattern" -> out.add(PATTERN);
                case "layers" -> out.addAll(java.util.List.of(ATTN_OUT, MLP_OUT));
                case "resid" -> out.add(RESID);
                default -> throw new io.circuitlens.common.CircuitLensException("unknown component kind '" + part.trim()
                        + "' (use heads, neurons, head-pos, qkv, pattern, layers, resid)");
            }
        }
        return new java.util.ArrayList<>(out);
    }

    /** Components per layer (heads, neurons, or 1). */
    public int components(Gpt2Config cfg) {
        return switch (this) {
            case HEADS, HEAD_POS, Q, K, V, PATTERN -> cfg.nHeads();
            case NEURONS -> cfg.dMlp();
            case ATTN_OUT, MLP_OUT, RESID -> 1;
        };
    }

    /** Whether scores are per component (head / neuron) rather than for the hook as a whole. */
    public boolean perComponent() {
        return grouping == Grouping.COMPONENT || grouping == Grouping.COMPONENT_POSITION;
    }

    /** Whether scores keep a position axis. */
    public boolean perPosition() {
        return grouping == Grouping.COMPONENT_POSITION || grouping == Grouping.POSITION;
    }

    /**
     * Scores per layer with position axes padded to maxLen: units are laid out component-major, then position
     * ({@code component · maxLen + position}), as in the result tensor.
     */
    public int unitsPerLayer(Gpt2Config cfg, int maxLen) {
        return (perComponent() ? components(cfg) : 1) * (perPosition() ? maxLen : 1);
    }

    /** Elements per unit in the TransformerLens hook that defines the "mean" convention ({@code reduce mean}). */
    public double meanDivisor(Gpt2Config cfg, int len) {
        return switch (this) {
            case HEADS -> (double) len * cfg.dModel(); // hook_result [pos, d_model] per head
            case NEURONS -> len;
            case HEAD_POS -> cfg.dModel();
            case Q, K, V -> (double) len * cfg.dHead();
            case PATTERN -> (double) len * len;
            case ATTN_OUT, MLP_OUT -> (double) len * cfg.dModel();
            case RESID -> cfg.dModel();
        };
    }

    /** Per-prompt score shape: [n_layer, components] with a trailing position axis (padded to maxLen) where needed. */
    public int[] shape(Gpt2Config cfg, int maxLen) {
        return switch (grouping) {
            case COMPONENT -> new int[] {cfg.nLayers(), components(cfg)};
            case COMPONENT_POSITION -> new int[] {cfg.nLayers(), components(cfg), maxLen};
            case POSITION -> new int[] {cfg.nLayers(), maxLen};
            case WHOLE -> new int[] {cfg.nLayers()};
        };
    }
}
