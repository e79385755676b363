package io.circuitlens.attribution;

import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.Gpt2Config;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Activation patching (exact): score = metric(base run with one component moved to its source value) − metric(base
 * run). Every (prompt, component) is one row of a batched pass that starts at the component's layer from the cached
 * base run, so all heads or neurons of a layer cost a few large passes instead of one full forward each.
 */
final class ActivationPatching {
    private ActivationPatching() {}

    static void run(MetricRunner runner, AttributionSetup setup, BaseRuns runs, List<ScoreTable> tables, java.util.function.IntPredicate layers,
                    Units units, Progress progress) {
        Gpt2Config cfg = runner.model().config();
        Batch base = setup.base();
        for (ScoreTable table : tables) {
            Granularity g = table.granularity;
            for (int layer = 0; layer < cfg.nLayers(); layer++) {
                String unit = "ap/" + g.output() + "/" + layer;
                if (!layers.test(layer) || units.isDone(unit)) continue;
                HookName hook = HookName.of(layer, g.hook());
                List<Integer> rowPromptList = new ArrayList<>();
                List<Integer> rowUnit = new ArrayList<>();
                for (int p = 0; p < setup.prompts(); p++) {
                    int count = GroupedSums.units(g, cfg, base.length(p));
                    for (int u = 0; u < count; u++) {
                        rowPromptList.add(p);
                        rowUnit.add(u);
                    }
                }
                int[] rowPrompt = rowPromptList.stream().mapToInt(Integer::intValue).toArray();
                progress.total(rowPrompt.length);
                for (int[] chunk : RowChunks.of(rowPrompt, base, setup.tokensPerPass())) {
                    Batch batch = RowChunks.batch(base, rowPrompt, chunk[0], chunk[1]);
                    int[] chunkPrompts = java.util.Arrays.copyOfRange(rowPrompt, chunk[0], chunk[1]);
                    PatchPlan.Builder plan = PatchPlan.builder();
                    for (int r = chunk[0]; r < chunk[1]; r++) {
                        int p = rowPrompt[r];
                        Selection[] sel = selection(g, rowUnit.get(r), base.length(p));
                        plan.set(hook, r - chunk[0], sel[0], sel[1], runs.source(), p);
                    }
                    ForwardOptions opt = new ForwardOptions(HookFilter.none(), plan.build(), ForwardOptions.Logits.LAST)
                            .startingAt(Passes.startFor(hook, runs.base(), chunkPrompts));
                    float[] values = runner.values(batch, chunkPrompts, opt);
                    for (int r = chunk[0]; r < chunk[1]; r++) {
                        int p = rowPrompt[r];
                        table.set(p, layer, rowUnit.get(r), (double) values[r - chunk[0]] - runs.baseMetric()[p], base.length(p));
                    }
                    progress.advance(chunk[1] - chunk[0]);
                }
                units.done(unit);
            }
        }
    }

    /** {positions, components} of one unit of a granularity (units ordered as {@link GroupedSums} orders them). */
    static Selection[] selection(Granularity g, int unit, int len) {
        return switch (g.grouping()) {
            case COMPONENT -> new Selection[] {Selection.all(), Selection.of(unit)};
            case COMPONENT_POSITION -> new Selection[] {Selection.of(unit % len), Selection.of(unit / len)};
            case POSITION -> new Selection[] {Selection.of(unit), Selection.all()};
            case WHOLE -> new Selection[] {Selection.all(), Selection.all()};
        };
    }
}
