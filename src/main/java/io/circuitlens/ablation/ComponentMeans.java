package io.circuitlens.ablation;

import io.circuitlens.common.CircuitLensException;
import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.PassCost;
import io.circuitlens.tensor.FloatTensor;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mean activations for mean ablation: at {@code attn.hook_z} one [head, d_head] value (each head's own d_head vector)
 * and at {@code mlp.hook_post} one [d_mlp] value (a scalar per neuron), averaged over every real token of a batch,
 * i.e. over prompts and positions together (each token weighs the same, the BOS position included; nothing past a
 * prompt's end exists in a packed batch). The values have the hooks' per-position shape, so {@code PatchPlan.setValue}
 * broadcasts them over positions. Each pass sums its prompts' tokens on the backend; passes fit the memory budget.
 */
public final class ComponentMeans {
    private final Map<HookName, FloatTensor> values;
    private final long tokens;

    private ComponentMeans(Map<HookName, FloatTensor> values, long tokens) {
        this.values = values;
        this.tokens = tokens;
    }

    /** Means at the given hooks ({@code attn.hook_z} or {@code mlp.hook_post}) over every token of {@code batch}. */
    public static ComponentMeans compute(Gpt2Model model, Batch batch, Collection<HookName> hooks, MemoryBudget budget) {
        Gpt2Config cfg = model.config();
        Map<HookName, double[]> sums = new TreeMap<>();
        long floatsPerToken = 0;
        for (HookName h : hooks) {
            if (h.type() != HookType.Z && h.type() != HookType.MLP_POST) throw new IllegalArgumentException("means are kept for hook_z and hook_post, not " + h);
            h.checkLayers(cfg.nLayers());
            int width = h.type() == HookType.Z ? cfg.dModel() : cfg.dMlp();
            if (sums.put(h, new double[width]) == null) floatsPerToken += width;
        }
        long total = 0;
        if (!sums.isEmpty()) {
            HookFilter filter = HookFilter.of(sums.keySet().toArray(HookName[]::new));
            ForwardOptions opt = new ForwardOptions(filter, PatchPlan.empty(), ForwardOptions.Logits.NONE);
            int start = 0;
            while (start < batch.size()) {
                int end = start;
                long bytes = 0;
                while (end < batch.size()) {
                    long cost = PassCost.rowBytes(cfg, batch.length(end), 0, false, floatsPerToken);
                    if (end > start && bytes + cost > budget.bytes()) break;
                    bytes += cost;
                    total += batch.length(end++);
                }
                try (ForwardResult r = model.forward(batch, RowMap.grid(batch.size(), start, end - start), opt)) {
                    for (var e : sums.entrySet()) {
                        float[] rowSums = r.cache().columnSums(e.getKey());
                        double[] s = e.getValue();
                        for (int row = 0; row < end - start; row++) {
                            for (int i = 0; i < s.length; i++) s[i] += rowSums[row * s.length + i];
                        }
                    }
                }
                start = end;
            }
        }
        if (total == 0 && !sums.isEmpty()) throw new CircuitLensException("no tokens to average over");
        Map<HookName, FloatTensor> values = new TreeMap<>();
        for (var e : sums.entrySet()) {
            double[] s = e.getValue();
            float[] mean = new float[s.length];
            for (int i = 0; i < s.length; i++) mean[i] = (float) (s[i] / total);
            int[] shape = e.getKey().type() == HookType.Z ? new int[] {cfg.nHeads(), cfg.dHead()} : new int[] {cfg.dMlp()};
            values.put(e.getKey(), new FloatTensor(shape, mean));
        }
        return new ComponentMeans(values, total);
    }

    /** The per-position mean value at a hook: [head, d_head] at hook_z, [d_mlp] at hook_post. */
    public FloatTensor value(HookName hook) {
        FloatTensor v = values.get(hook);
        if (v == null) throw new IllegalArgumentException("no mean was computed at " + hook);
        return v;
    }

    public boolean has(HookName hook) {
        return values.containsKey(hook);
    }

    /** Head h's mean z vector [d_head] at a layer. */
    public float[] head(int layer, int head) {
        FloatTensor v = value(HookName.of(layer, HookType.Z));
        int dHead = v.dim(1);
        return java.util.Arrays.copyOfRange(v.data(), head * dHead, (head + 1) * dHead);
    }

    /** Neuron n's mean post-gelu activation at a layer. */
    public float neuron(int layer, int neuron) {
        return value(HookName.of(layer, HookType.MLP_POST)).data()[neuron];
    }

    /** Number of tokens averaged over. */
    public long tokens() {
        return tokens;
    }
}
