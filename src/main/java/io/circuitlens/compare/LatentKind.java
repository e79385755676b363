package io.circuitlens.compare;

import io.circuitlens.circuit.ComponentKind;
import io.circuitlens.circuit.ComponentScores;

import java.util.Arrays;

/**
 * latent's per-component results for one kind, flattened layer-major (see {@link Definitions#FRACTIONS},
 * {@link Definitions#ASYMMETRY}, {@link Definitions#ONE_DIRECTION}).
 *
 * @param onlyIn +1 matters only when noised, −1 only when restored, 0 otherwise
 */
public record LatentKind(ComponentScores noisingScores, double[] noising, double[] denoising, double[] asymmetry, int[] onlyIn) {
    public ComponentKind kind() {
        return noisingScores.kind();
    }

    public String label(int flat) {
        return noisingScores.label(flat);
    }

    /** Flat indices with onlyIn == sign, by decreasing |fraction| in the direction where they matter. */
    public int[] only(int sign) {
        double[] strength = new double[onlyIn.length];
        int count = 0;
        for (int i = 0; i < onlyIn.length; i++) {
            if (onlyIn[i] == sign) {
                strength[i] = Math.abs(sign > 0 ? noising[i] : denoising[i]);
                count++;
            }
        }
        // members all have strength ≥ large > 0 (or = 0 only if large = 0, where index order decides)
        int[] top = TopSets.topByAbs(strength, onlyIn.length);
        int[] out = new int[count];
        int n = 0;
        for (int i : top) if (onlyIn[i] == sign) out[n++] = i;
        return out;
    }

    /** Up to {@code count} flat indices by decreasing |asymmetry|, leaving out exact zeros (no asymmetry to show). */
    public int[] mostAsymmetric(int count) {
        return Arrays.stream(TopSets.topByAbs(asymmetry, count)).filter(i -> asymmetry[i] != 0).toArray();
    }
}
