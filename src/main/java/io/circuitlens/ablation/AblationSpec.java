package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;

/** An ablation with its settings: which prompts a mean is taken over, and the factor of an amplification. */
public record AblationSpec(Ablation kind, MeanOver meanOver, float factor) {
    public AblationSpec {
        if (kind == null || meanOver == null) throw new IllegalArgumentException("ablation and mean-over must be given");
        if (!Float.isFinite(factor)) throw new CircuitLensException("the amplification factor must be a finite number, got " + factor);
    }

    public static AblationSpec of(Ablation kind) {
        return new AblationSpec(kind, MeanOver.CORRUPTED, 2f);
    }

    /** e.g. "mean (over corrupted)", "amplify x2.0", "zero". */
    public String describe() {
        return switch (kind) {
            case MEAN -> "mean (over " + meanOver.label() + ")";
            case AMPLIFY -> "amplify x" + factor;
            default -> kind.label();
        };
    }
}
