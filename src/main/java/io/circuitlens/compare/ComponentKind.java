package io.circuitlens.compare;

import io.circuitlens.common.CircuitLensException;
import java.util.List;

/** The per-component score tables compare and latent read: [N, n_layer, n_head] and [N, n_layer, d_mlp]. */
public enum ComponentKind {
    HEADS("heads", ""),
    NEURONS("neurons", "m");

    private final String tensor;
    private final String prefix;

    ComponentKind(String tensor, String prefix) {
        this.tensor = tensor;
        this.prefix = prefix;
    }

    /** The tensor name in attribute and ablation outputs, also the prefix of the outputs' names. */
    public String tensor() {
        return tensor;
    }

    /** "9.6" for head 6 of layer 9, "m3.1024" for neuron 1024 of layer 3: the syntax of attribute's --path-components. */
    public String label(int layer, int index) {
        return prefix + layer + "." + index;
    }

    /** Parses heads, neurons or both. */
    public static List<ComponentKind> parseList(String s) {
        return switch (s) {
            case "heads" -> List.of(HEADS);
            case "neurons" -> List.of(NEURONS);
            case "both" -> List.of(HEADS, NEURONS);
            default -> throw new CircuitLensException("--components must be heads, neurons or both, got '" + s + "'");
        };
    }
}
