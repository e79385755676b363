package io.circuitlens.attribution;

import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;

import java.util.List;
import java.util.TreeSet;

/**
 * Attribution patching: the first-order estimate score = ⟨∇metric at the base run, source − base⟩, summed over a
 * component's elements. One backward pass gives it for every component at once (the two forwards are the cached
 * base runs).
 */
final class AttributionPatching {
    private AttributionPatching() {}

    /**
     * Also fills {@code extra} with {@code attention_attribution} [N, n_layer, n_head, T, T] when patterns are scored:
     * pattern ⊙ ∂metric/∂pattern at the base run per head, query and key (the "attention attribution" of the
     * demos, i.e. AtP toward a zero pattern with the sign flipped).
     */
    static void run(MetricRunner runner, AttributionSetup setup, BaseRuns runs, List<ScoreTable> tables,
                    java.util.Map<String, io.circuitlens.tensor.FloatTensor> extra, Progress progress) {
        Gpt2Config cfg = runner.model().config();
        TreeSet<HookName> hooks = new TreeSet<>();
        for (ScoreTable t : tables) {
            for (int l = 0; l < cfg.nLayers(); l++) hooks.add(HookName.of(l, t.granularity.hook()));
        }
        int[] identity = BaseRuns.identity(setup.prompts());
        progress.total(1);
        // the backward pass only needs to reach the earliest hook asked for
        HookName stop = hooks.first();
        try (MetricRunner.Output out = runner.withGradients(setup.base(), identity, ForwardOptions.lastLogits(),
                HookFilter.of(hooks.toArray(HookName[]::new)), stop)) {
            for (ScoreTable t : tables) {
                HookType type = t.granularity.hook();
                for (int l = 0; l < cfg.nLayers(); l++) {
                    HookName h = HookName.of(l, type);
                    for (int p = 0; p < setup.prompts(); p++) {
                        int len = setup.base().length(p);
                        double[] units = GroupedSums.sum(t.granularity, cfg, len, out.gradients().get(h, p).data(), runs.delta(h, p));
                        t.add(p, l, units, 1.0, len);
                    }
                }
                if (t.granularity == Granularity.PATTERN) extra.put("attention_attribution", attentionAttribution(setup, runs, out, cfg));
            }
        }
        progress.advance(1);
    }

    private static io.circuitlens.tensor.FloatTensor attentionAttribution(AttributionSetup setup, BaseRuns runs, MetricRunner.Output out,
                                                                          Gpt2Config cfg) {
        int n = setup.prompts();
        int maxLen = java.util.Arrays.stream(setup.base().lengths()).max().orElse(1);
        int heads = cfg.nHeads();
        var result = io.circuitlens.tensor.FloatTensor.zeros(n, cfg.nLayers(), heads, maxLen, maxLen);
        for (int l = 0; l < cfg.nLayers(); l++) {
            HookName h = HookName.of(l, HookType.PATTERN);
            for (int p = 0; p < n; p++) {
                int len = setup.base().length(p);
                float[] g = out.gradients().get(h, p).data();
                float[] a = runs.base().get(h, p).data();
                for (int head = 0; head < heads; head++) {
                    for (int q = 0; q < len; q++) {
                        for (int k = 0; k < len; k++) {
                            int src = (head * len + q) * len + k;
                            int dst = (((p * cfg.nLayers() + l) * heads + head) * maxLen + q) * maxLen + k;
                            result.data()[dst] = g[src] * a[src];
                        }
                    }
                }
            }
        }
        return result;
    }
}
