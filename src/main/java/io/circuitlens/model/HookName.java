package io.circuitlens.model;

import io.circuitlens.common.CircuitLensException;

import java.util.ArrayList;
import java.util.List;

/**
 * A hook point of one model: {@code blocks.3.attn.hook_z} is (layer 3, {@link HookType#Z}); model-level hooks
 * ({@code hook_embed}, {@code ln_final.hook_scale}, ...) have layer −1.
 */
public record HookName(int layer, HookType type) implements Comparable<HookName> {

    public HookName {
        if (type.perLayer() ? layer < 0 : layer != -1) {
            throw new IllegalArgumentException(type + (type.perLayer() ? " needs a layer" : " has no layer"));
        }
    }

    public static HookName of(HookType type) {
        return new HookName(-1, type);
    }

    public static HookName of(int layer, HookType type) {
        return new HookName(layer, type);
    }

    public HookKind kind() {
        return type.kind();
    }

    /** Parses a TransformerLens hook name; unknown names get an error listing the valid forms. */
    public static HookName parse(String name) {
        for (HookType t : HookType.values()) {
            if (!t.perLayer() && t.suffix().equals(name)) return of(t);
        }
        if (name.startsWith("blocks.")) {
            int dot = name.indexOf('.', 7);
            if (dot > 7) {
                String layer = name.substring(7, dot);
                String suffix = name.substring(dot + 1);
                if (layer.chars().allMatch(Character::isDigit) && layer.length() < 6) {
                    for (HookType t : HookType.values()) {
                        if (t.perLayer() && t.suffix().equals(suffix)) return of(Integer.parseInt(layer), t);
                    }
                }
            }
        }
        throw new CircuitLensException("unknown hook point '" + name + "' (expected e.g. blocks.0.attn.hook_z, "
                + "blocks.3.mlp.hook_post, hook_embed, ln_final.hook_normalized)");
    }

    /** Checks that the hook exists in a model with this many layers. */
    public HookName checkLayers(int nLayers) {
        if (layer >= nLayers) {
            throw new CircuitLensException("hook point '" + this + "' does not exist: the model has " + nLayers + " layers (0.." + (nLayers - 1) + ")");
        }
        return this;
    }

    /** Every hook point of a model, in forward order. */
    public static List<HookName> all(int nLayers) {
        List<HookName> out = new ArrayList<>();
        out.add(of(HookType.EMBED));
        out.add(of(HookType.POS_EMBED));
        for (int l = 0; l < nLayers; l++) {
            for (HookType t : HookType.values()) if (t.perLayer()) out.add(of(l, t));
        }
        out.add(of(HookType.LN_FINAL_SCALE));
        out.add(of(HookType.LN_FINAL_NORMALIZED));
        return out;
    }

    @Override
    public int compareTo(HookName o) {
        int byLayer = Integer.compare(orderLayer(), o.orderLayer());
        return byLayer != 0 ? byLayer : Integer.compare(type.ordinal(), o.type.ordinal());
    }

    private int orderLayer() {
        if (type.perLayer()) return layer;
        return type == HookType.EMBED || type == HookType.POS_EMBED ? -1 : Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return type.perLayer() ? "blocks." + layer + "." + type.suffix() : type.suffix();
    }
}
