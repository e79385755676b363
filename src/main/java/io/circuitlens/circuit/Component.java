package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookName;

/** One head ({@code L.H}) or MLP neuron ({@code mL.N}). */
public record Component(ComponentKind kind, int layer, int index) {

    /** "9.6" or "m3.1024": the label every command prints and reads. */
    public String label() {
        return kind.label(layer, index);
    }

    /** The hook it acts through (its slice of it, at every position). */
    public HookName hook() {
        return HookName.of(layer, kind.hook());
    }

    public static Component head(int layer, int head) {
        return new Component(ComponentKind.HEADS, layer, head);
    }

    public static Component neuron(int layer, int neuron) {
        return new Component(ComponentKind.NEURONS, layer, neuron);
    }

    /** Parses {@code L.H} or {@code mL.N}, checked against a model. */
    public static Component parse(String label, Gpt2Config cfg) {
        String s = label.trim();
        boolean neuron = s.startsWith("m");
        String[] parts = (neuron ? s.substring(1) : s).split("\\.");
        if (parts.length != 2) throw new CircuitLensException("component '" + label + "' is not L.H (a head) or mL.N (a neuron)");
        int layer;
        int index;
        try {
            layer = Integer.parseInt(parts[0]);
            index = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new CircuitLensException("component '" + label + "' is not L.H (a head) or mL.N (a neuron)");
        }
        ComponentKind kind = neuron ? ComponentKind.NEURONS : ComponentKind.HEADS;
        int limit = kind.perLayer(cfg);
        if (layer < 0 || layer >= cfg.nLayers() || index < 0 || index >= limit) {
            throw new CircuitLensException("component '" + label + "' does not exist: the model has " + cfg.nLayers() + " layers of "
                    + limit + (neuron ? " neurons" : " heads"));
        }
        return new Component(kind, layer, index);
    }
}
