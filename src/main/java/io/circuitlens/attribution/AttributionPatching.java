package io.circuitlens.attribution;

import io.circuitlens.circuit.Granularity;

import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;
import io.circuitlens.tensor.FloatTensor;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Attribution patching: the first-order estimate score = ⟨∇metric at the base run, source − base⟩, summed over a
 * component's elements. One backward pass of the base prompts gives it for every component at once (the two forwards
 * are the cached base runs); the sums run on the backend.
 */
final class AttributionPatching {
    private AttributionPatching() {}

    /**
     * Also fills {@code extra} with {@code attention_attribution} [N, n_layer, n_head, T, T] when patterns are scored:
     * pattern ⊙ ∂metric/∂pattern at the base run per head, query and key (the "attention attribution" of the
     * demos, i.e. AtP toward a zero pattern with the sign flipped).
     */
    static void run(PatchedRuns engine, Batch base, BaseRuns runs, List<ScoreTable> tables, int maxLen, Map<String, FloatTensor> extra,
                    Progress progress) {
        Gpt2Config cfg = engine.model().config();
        int n = base.size();
        TreeSet<HookName> hooks = new TreeSet<>();
        long floatsPerToken = 0;
        for (ScoreTable t : tables) {
            for (int l = 0; l < cfg.nLayers(); l++) {
                if (hooks.add(HookName.of(l, t.granularity.hook()))) floatsPerToken += hookWidth(cfg, t.granularity.hook(), maxLen);
            }
        }
        boolean patterns = tables.stream().anyMatch(t -> t.granularity == Granularity.PATTERN);
        FloatTensor attention = patterns ? FloatTensor.zeros(n, cfg.nLayers(), cfg.nHeads(), maxLen, maxLen) : null;
        PatchedRuns.GradientSink sink = (group, from, rows, grads) -> {
            for (ScoreTable t : tables) {
                for (int l = 0; l < cfg.nLayers(); l++) {
                    HookName h = HookName.of(l, t.granularity.hook());
                    float[] s = grads.unitSums(h, t.granularity.perComponent(), t.granularity.perPosition() ? maxLen : 0, runs.source(), runs.base());
                    for (int i = 0; i < rows.rows(); i++) t.add(rows.prompt(i), l, s, i * t.units(), 1.0);
                }
            }
            if (attention != null) attentionAttribution(grads, runs.base(), rows, cfg, maxLen, attention);
        };
        // the backward pass only needs to reach the earliest hook asked for
        var gradients = new PatchedRuns.Gradients(HookFilter.of(hooks.toArray(HookName[]::new)), hooks.first(), floatsPerToken, sink);
        engine.run(base, null, List.of(new RowGroup(RowGroup.EMBEDDINGS, RowMap.identity(n))), PatchedRuns.Plans.NONE, gradients, progress);
        if (attention != null) extra.put("attention_attribution", attention);
    }

    /** Floats per token a recorded gradient at this hook takes. */
    static long hookWidth(Gpt2Config cfg, HookType type, int maxLen) {
        return switch (type.kind()) {
            case RESID -> cfg.dModel();
            case SCALE -> 1;
            case HEAD -> cfg.dModel();
            case RESULT -> (long) cfg.nHeads() * cfg.dModel();
            case ATTN -> (long) cfg.nHeads() * maxLen;
            case MLP -> cfg.dMlp();
        };
    }

    private static void attentionAttribution(ActivationCache grads, ActivationCache base, RowMap rows, Gpt2Config cfg, int maxLen,
                                             FloatTensor out) {
        int heads = cfg.nHeads();
        for (int l = 0; l < cfg.nLayers(); l++) {
            HookName h = HookName.of(l, HookType.PATTERN);
            for (int i = 0; i < rows.rows(); i++) {
                int p = rows.prompt(i);
                int len = base.length(p);
                float[] product = grads.product(h, i, base).data();
                for (int head = 0; head < heads; head++) {
                    for (int q = 0; q < len; q++) {
                        int dst = (((p * cfg.nLayers() + l) * heads + head) * maxLen + q) * maxLen;
                        System.arraycopy(product, (head * len + q) * len, out.data(), dst, len);
                    }
                }
            }
        }
    }
}
