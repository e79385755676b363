package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;

/** Which prompts of the task a mean ablation averages over. */
public enum MeanOver {
    CORRUPTED("corrupted"),
    CLEAN("clean");

    private final String label;

    MeanOver(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static MeanOver parse(String s) {
        for (MeanOver m : values()) if (m.label.equals(s)) return m;
        throw new CircuitLensException("a mean ablation averages over corrupted or clean prompts, got '" + s + "'");
    }
}
