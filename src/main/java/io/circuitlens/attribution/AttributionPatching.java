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

    static void run(MetricRunner runner, AttributionSetup setup, BaseRuns runs, List<ScoreTable> tables, Progress progress) {
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
            }
        }
        progress.advance(1);
    }
}
