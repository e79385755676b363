package io.circuitlens.ablation;

import io.circuitlens.circuit.ComponentKind;

import io.circuitlens.circuit.Component;
import io.circuitlens.runs.Progress;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.tensor.FloatTensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each component ablated alone: the metric change m(ablated) − m(full) per prompt, the ground truth against which
 * attribution scores are judged. All (component, prompt) rows run batched, each starting at its component's sublayer.
 */
public final class SingleAblations {
    private SingleAblations() {}

    /** [component][prompt]: metric change of ablating that component alone. */
    public static float[][] run(Ablator ablator, List<Component> comps, Progress progress) {
        float[][] values = ablator.evaluate(comps.stream().map(List::of).toList(), progress);
        float[] full = ablator.metricClean();
        for (float[] v : values) for (int p = 0; p < v.length; p++) v[p] -= full[p];
        return values;
    }

    /**
     * The changes laid out like {@code attribute}'s scores: {@code heads} [N, n_layer, n_head] and/or {@code neurons}
     * [N, n_layer, d_mlp] (a tensor only for a kind that has listed components; unlisted entries are 0).
     */
    public static Map<String, FloatTensor> tensors(Gpt2Config cfg, List<Component> comps, float[][] deltas, int prompts) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (ComponentKind g : ComponentKind.values()) {
            if (comps.stream().noneMatch(c -> c.kind() == g)) continue;
            int per = g.perLayer(cfg);
            FloatTensor t = FloatTensor.zeros(prompts, cfg.nLayers(), per);
            for (int i = 0; i < comps.size(); i++) {
                Component c = comps.get(i);
                if (c.kind() != g) continue;
                for (int p = 0; p < prompts; p++) t.data()[(p * cfg.nLayers() + c.layer()) * per + c.index()] = deltas[i][p];
            }
            out.put(g.tensor(), t);
        }
        return out;
    }
}
