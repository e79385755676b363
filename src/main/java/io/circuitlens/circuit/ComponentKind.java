package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookType;

import java.util.List;

/**
 * The two kinds of component circuits are made of: attention heads ({@code L.H}, acting through their d_head slice of
 * {@code attn.hook_z}) and MLP neurons ({@code mL.N}, their column of {@code mlp.hook_post}), each at every position.
 * Score files hold one table per kind, {@code heads} [N, n_layer, n_head] and {@code neurons} [N, n_layer, d_mlp].
 */
public enum ComponentKind {
    HEADS("heads", "", HookType.Z),
    NEURONS("neurons", "m", HookType.MLP_POST);

    private final String tensor;
    private final String prefix;
    private final HookType hook;

    ComponentKind(String tensor, String prefix, HookType hook) {
        this.tensor = tensor;
        this.prefix = prefix;
        this.hook = hook;
    }

    /** The tensor name in attribution and ablation results, also the prefix of derived outputs' names. */
    public String tensor() {
        return tensor;
    }

    /** The hook a component of this kind acts through. */
    public HookType hook() {
        return hook;
    }

    /** Components of this kind per layer. */
    public int perLayer(Gpt2Config cfg) {
        return this == HEADS ? cfg.nHeads() : cfg.dMlp();
    }

    /** "9.6" for head 6 of layer 9, "m3.1024" for neuron 1024 of layer 3. */
    public String label(int layer, int index) {
        return prefix + layer + "." + index;
    }

    /** The attribution granularity whose scores are this kind's table. */
    public Granularity granularity() {
        return this == HEADS ? Granularity.HEADS : Granularity.NEURONS;
    }

    /** Parses heads, neurons or both. */
    public static List<ComponentKind> parseList(String s) {
        return switch (s) {
            case "heads" -> List.of(HEADS);
            case "neurons" -> List.of(NEURONS);
            case "both" -> List.of(HEADS, NEURONS);
            default -> throw new CircuitLensException("component kinds must be heads, neurons or both, got '" + s + "'");
        };
    }
}
