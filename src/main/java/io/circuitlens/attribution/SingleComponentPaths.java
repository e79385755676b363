package io.circuitlens.attribution;

import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.PatchPlan;
import io.circuitlens.model.Selection;
import io.circuitlens.tensor.FloatTensor;

/**
 * The metric along the IG path when only one component moves (how a single head's or neuron's effect saturates):
 * [N, steps] at the quadrature's nodes. Forward passes only, batched like the IG path.
 */
final class SingleComponentPaths {
    private SingleComponentPaths() {}

    static FloatTensor run(MetricRunner runner, AttributionSetup setup, BaseRuns runs, ComponentList.Component c, Quadrature q,
                           Progress progress) {
        Batch base = setup.base();
        int n = setup.prompts();
        double[] alphas = q.alphas();
        int steps = alphas.length;
        HookName hook = HookName.of(c.layer(), c.granularity().hook());
        int[] rowPrompt = new int[steps * n];
        for (int r = 0; r < rowPrompt.length; r++) rowPrompt[r] = r % n;
        FloatTensor out = FloatTensor.zeros(n, steps);
        progress.total(rowPrompt.length);
        for (int[] chunk : RowChunks.of(rowPrompt, base, setup.tokensPerPass())) {
            PatchPlan.Builder plan = PatchPlan.builder();
            for (int r = chunk[0]; r < chunk[1]; r++) {
                plan.set(hook, r - chunk[0], Selection.all(), Selection.of(c.index()), runs.base(), rowPrompt[r]);
            }
            for (int r = chunk[0]; r < chunk[1]; r++) {
                plan.interpolate(hook, r - chunk[0], Selection.all(), Selection.of(c.index()), runs.source(), rowPrompt[r],
                        (float) alphas[r / n]);
            }
            int[] chunkPrompts = java.util.Arrays.copyOfRange(rowPrompt, chunk[0], chunk[1]);
            ForwardOptions fo = new ForwardOptions(HookFilter.none(), plan.build(), ForwardOptions.Logits.LAST)
                    .startingAt(Passes.startFor(hook, runs.base(), chunkPrompts));
            float[] values = runner.values(RowChunks.batch(base, rowPrompt, chunk[0], chunk[1]), chunkPrompts, fo);
            for (int r = chunk[0]; r < chunk[1]; r++) out.data()[rowPrompt[r] * steps + r / n] = values[r - chunk[0]];
            progress.advance(chunk[1] - chunk[0]);
        }
        return out;
    }
}
