package io.circuitlens.compare;

/**
 * The components a single-component ablation table says matter, and how well a method's top-k set finds them.
 *
 * <p>The ground-truth set is every component whose prompt-averaged |ablation effect| is at least {@code fraction} of
 * the largest one (and not 0). A threshold rather than "the top k": with a top-k ground truth of the same k,
 * precision and recall would always be equal (|A ∩ G| / k both), and the number of components that matter is what the
 * ablation should decide, not the reader. Relative to the largest effect so that the one setting works for any
 * metric's units and for heads and neurons alike.
 */
public record GroundTruth(boolean[] member, int size, double fraction, double threshold) {

    public static GroundTruth of(double[] effects, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        double max = 0;
        for (double e : effects) max = Math.max(max, Math.abs(e));
        double threshold = fraction * max;
        boolean[] member = new boolean[effects.length];
        int size = 0;
        for (int i = 0; i < effects.length; i++) {
            // > 0: with no effect anywhere (max = 0) the set is empty, not everything
            member[i] = Math.abs(effects[i]) >= threshold && effects[i] != 0;
            if (member[i]) size++;
        }
        return new GroundTruth(member, size, fraction, threshold);
    }

    /** |top ∩ G| / |top|: the share of the method's top set that the ablation confirms. */
    public double precision(int[] top) {
        return top.length == 0 ? Double.NaN : (double) hits(top) / top.length;
    }

    /** |top ∩ G| / |G|: the share of the ablation's set the method's top set finds; NaN for an empty set. */
    public double recall(int[] top) {
        return size == 0 ? Double.NaN : (double) hits(top) / size;
    }

    private int hits(int[] top) {
        int n = 0;
        for (int i : top) if (member[i]) n++;
        return n;
    }
}
