package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;

/** How a component is taken out of the model (each acts on the component's own slice, at every position). */
public enum Ablation {
    /** Set to 0. */
    ZERO("zero"),
    /** Set to its mean over a dataset and over positions (one vector per head, one scalar per neuron). */
    MEAN("mean"),
    /** Set to the same prompt's corrupted-run activation (what noising activation patching does). */
    RESAMPLE("resample"),
    /** Multiply by a factor (amplification when above 1; 0 is zero ablation, 1 leaves it alone). */
    AMPLIFY("amplify");

    private final String label;

    Ablation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Ablation parse(String s) {
        for (Ablation a : values()) if (a.label.equals(s)) return a;
        throw new CircuitLensException("the ablation must be zero, mean, resample or amplify, got '" + s + "'");
    }
}
