package io.circuitlens.attribution;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.model.Gpt2Config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Parses {@code --components heads,neurons,head-pos,qkv,pattern,layers,resid} and component names like 9.6 and m3.1024. */
public final class ComponentList {
    private ComponentList() {}

    public static List<Granularity> parse(String spec) {
        LinkedHashSet<Granularity> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            switch (part.trim()) {
                case "heads" -> out.add(Granularity.HEADS);
                case "neurons" -> out.add(Granularity.NEURONS);
                case "head-pos" -> out.add(Granularity.HEAD_POS);
                case "qkv" -> out.addAll(List.of(Granularity.Q, Granularity.K, Granularity.V));
                case "pattern" -> out.add(Granularity.PATTERN);
                case "layers" -> out.addAll(List.of(Granularity.ATTN_OUT, Granularity.MLP_OUT));
                case "resid" -> out.add(Granularity.RESID);
                default -> throw new CircuitLensException("--components: unknown '" + part.trim()
                        + "' (use heads, neurons, head-pos, qkv, pattern, layers, resid)");
            }
        }
        return new ArrayList<>(out);
    }

    /** One head ({@code L.H}) or neuron ({@code mL.N}). */
    public record Component(Granularity granularity, int layer, int index) {
        public String label() {
            return (granularity == Granularity.NEURONS ? "m" : "") + layer + "." + index;
        }
    }

    public static Component component(String name, Gpt2Config cfg) {
        String s = name.trim();
        boolean neuron = s.startsWith("m");
        String[] parts = (neuron ? s.substring(1) : s).split("\\.");
        if (parts.length != 2) throw new CircuitLensException("component '" + name + "' is not L.H (a head) or mL.N (a neuron)");
        int layer;
        int index;
        try {
            layer = Integer.parseInt(parts[0]);
            index = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new CircuitLensException("component '" + name + "' is not L.H (a head) or mL.N (a neuron)");
        }
        int limit = neuron ? cfg.dMlp() : cfg.nHeads();
        if (layer < 0 || layer >= cfg.nLayers() || index < 0 || index >= limit) {
            throw new CircuitLensException("component '" + name + "' does not exist: the model has " + cfg.nLayers() + " layers of "
                    + limit + (neuron ? " neurons" : " heads"));
        }
        return new Component(neuron ? Granularity.NEURONS : Granularity.HEADS, layer, index);
    }
}
