package io.circuitlens.circuit;

import io.circuitlens.common.CircuitLensException;

/**
 * Which run is the base and which the source of the move. Noising ({@code clean-to-corrupted}) asks which
 * components the clean behaviour needs; denoising ({@code corrupted-to-clean}) which ones suffice to restore it.
 */
public enum Direction {
    CLEAN_TO_CORRUPTED("clean-to-corrupted"),
    CORRUPTED_TO_CLEAN("corrupted-to-clean");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean baseIsClean() {
        return this == CLEAN_TO_CORRUPTED;
    }

    public static Direction parse(String s) {
        for (Direction d : values()) if (d.label.equals(s)) return d;
        throw new CircuitLensException("direction must be clean-to-corrupted or corrupted-to-clean, got '" + s + "'");
    }
}
