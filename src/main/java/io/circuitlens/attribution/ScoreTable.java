package io.circuitlens.attribution;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.Shapes;

/**
 * Scores of one granularity for every prompt: [N, n_layer, ...] with the granularity's per-layer units; position
 * axes are padded to the longest prompt and stay 0 past a prompt's end. Accumulated in double, written as float32.
 */
final class ScoreTable {
    final Granularity granularity;
    private final int prompts;
    private final int maxLen;
    private final int comps;
    private final int[] perPrompt;
    private final int promptSize;
    private final double[] data;

    ScoreTable(Granularity g, Gpt2Config cfg, int prompts, int maxLen) {
        this.granularity = g;
        this.prompts = prompts;
        this.maxLen = maxLen;
        this.comps = g.components(cfg);
        this.perPrompt = g.shape(cfg, maxLen);
        this.promptSize = Math.toIntExact(Shapes.numel(perPrompt));
        this.data = new double[Math.multiplyExact(prompts, promptSize)];
    }

    /** Offset of (prompt, layer, unit) for a prompt of length len (units as {@link GroupedSums} orders them). */
    private int offset(int prompt, int layer, int unit, int len) {
        return switch (granularity.grouping()) {
            case COMPONENT -> prompt * promptSize + layer * comps + unit;
            case COMPONENT_POSITION -> prompt * promptSize + layer * comps * maxLen + (unit / len) * maxLen + unit % len;
            case POSITION -> prompt * promptSize + layer * maxLen + unit;
            case WHOLE -> prompt * promptSize + layer;
        };
    }

    void add(int prompt, int layer, double[] units, double scale, int len) {
        for (int u = 0; u < units.length; u++) data[offset(prompt, layer, u, len)] += units[u] * scale;
    }

    void set(int prompt, int layer, int unit, double value, int len) {
        data[offset(prompt, layer, unit, len)] = value;
    }

    /** Σ of a prompt's scores in one layer (what completeness compares with the whole-layer move). */
    double layerTotal(int prompt, int layer, int units, int len) {
        double s = 0;
        for (int u = 0; u < units; u++) s += data[offset(prompt, layer, u, len)];
        return s;
    }

    /** Multiplies a prompt's scores in every layer by a factor. */
    void scaleLayers(int prompt, int layers, int units, int len, double factor) {
        for (int l = 0; l < layers; l++) {
            for (int u = 0; u < units; u++) data[offset(prompt, l, u, len)] *= factor;
        }
    }

    /** Sets every score from a saved tensor of this table's shape (a resumed run). */
    void restore(FloatTensor saved) {
        if (saved.data().length != data.length) throw new IllegalArgumentException("saved scores have another shape");
        for (int i = 0; i < data.length; i++) data[i] = saved.data()[i];
    }

    FloatTensor tensor() {
        int[] shape = new int[perPrompt.length + 1];
        shape[0] = prompts;
        System.arraycopy(perPrompt, 0, shape, 1, perPrompt.length);
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) data[i];
        return new FloatTensor(shape, out);
    }
}
