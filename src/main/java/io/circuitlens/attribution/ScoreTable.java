package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;

import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;
import io.circuitlens.tensor.Shapes;

/**
 * Scores of one granularity for every prompt: [N, n_layer, ...] with the granularity's per-layer units; position
 * axes are padded to the longest prompt and stay 0 past a prompt's end. Units are indexed as in the result tensor
 * ({@link Granularity#unitsPerLayer}). Accumulated in double, written as float32.
 */
final class ScoreTable {
    final Granularity granularity;
    private final int prompts;
    private final int units;
    private final int[] perPrompt;
    private final int promptSize;
    private final double[] data;

    ScoreTable(Granularity g, Gpt2Config cfg, int prompts, int maxLen) {
        this.granularity = g;
        this.prompts = prompts;
        this.units = g.unitsPerLayer(cfg, maxLen);
        this.perPrompt = g.shape(cfg, maxLen);
        this.promptSize = Math.toIntExact(Shapes.numel(perPrompt));
        this.data = new double[Math.multiplyExact(prompts, promptSize)];
    }

    /** Units per layer (padded). */
    int units() {
        return units;
    }

    private int offset(int prompt, int layer, int unit) {
        return prompt * promptSize + layer * units + unit;
    }

    /** Adds scale·values[from + u] to unit u of (prompt, layer), for every unit. */
    void add(int prompt, int layer, float[] values, int from, double scale) {
        int o = offset(prompt, layer, 0);
        for (int u = 0; u < units; u++) data[o + u] += values[from + u] * scale;
    }

    void add(int prompt, int layer, double[] values, double scale) {
        int o = offset(prompt, layer, 0);
        for (int u = 0; u < units; u++) data[o + u] += values[u] * scale;
    }

    void set(int prompt, int layer, int unit, double value) {
        data[offset(prompt, layer, unit)] = value;
    }

    /** Multiplies a prompt's scores in every layer by a factor. */
    void scale(int prompt, int layers, double factor) {
        for (int i = offset(prompt, 0, 0); i < offset(prompt, layers, 0); i++) data[i] *= factor;
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
