package io.circuitlens.circuit;

import java.util.Arrays;

/** One score table [prompts, layers, width] of one file, as read (float32), with the views the analyses need. */
public record ComponentScores(ComponentKind kind, int prompts, int layers, int width, float[] data) {
    public ComponentScores {
        if ((long) prompts * layers * width != data.length) {
            throw new IllegalArgumentException(prompts + " x " + layers + " x " + width + " != " + data.length + " values");
        }
    }

    /** Components per prompt (layers × width). */
    public int components() {
        return layers * width;
    }

    public int[] shape() {
        return new int[] {prompts, layers, width};
    }

    /** Prompt p's scores, flattened layer-major, in double. */
    public double[] prompt(int p) {
        int n = components();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = data[p * n + i];
        return out;
    }

    /** Mean over prompts of each component's score, accumulated in double. */
    public double[] averaged() {
        int n = components();
        double[] out = new double[n];
        for (int p = 0; p < prompts; p++) {
            for (int i = 0; i < n; i++) out[i] += data[p * n + i];
        }
        for (int i = 0; i < n; i++) out[i] /= prompts;
        return out;
    }

    /** The same table with every score's sign flipped. */
    public ComponentScores negated() {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = -data[i];
        return new ComponentScores(kind, prompts, layers, width, out);
    }

    /** "9.6" / "m3.1024" for a flat index. */
    public String label(int flat) {
        return kind.label(flat / width, flat % width);
    }

    public boolean sameShape(ComponentScores o) {
        return Arrays.equals(shape(), o.shape());
    }
}
