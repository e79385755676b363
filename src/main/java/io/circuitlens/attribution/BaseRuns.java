package io.circuitlens.attribution;

import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The clean and corrupted runs every method starts from: their metrics, and caches of the residual stream (where
 * patched passes start) and of the hooks the components live at (the values moved to and from).
 */
final class BaseRuns implements AutoCloseable {
    final ActivationCache clean;
    final ActivationCache corrupted;
    final float[] metricClean;
    final float[] metricCorrupted;
    private final Direction direction;

    BaseRuns(ActivationCache clean, ActivationCache corrupted, float[] metricClean, float[] metricCorrupted, Direction direction) {
        this.clean = clean;
        this.corrupted = corrupted;
        this.metricClean = metricClean;
        this.metricCorrupted = metricCorrupted;
        this.direction = direction;
    }

    static BaseRuns of(MetricRunner runner, AttributionSetup setup, Collection<HookType> hooks) {
        List<String> patterns = new ArrayList<>(List.of("blocks.*.hook_resid_pre", "blocks.*.hook_resid_mid"));
        for (HookType h : hooks) patterns.add("blocks.*." + h.suffix());
        ForwardOptions opt = ForwardOptions.lastLogits().withCache(HookFilter.of(patterns.toArray(String[]::new)));
        int[] identity = identity(setup.prompts());
        ActivationCache[] caches = new ActivationCache[2];
        float[][] metrics = new float[2][];
        for (int i = 0; i < 2; i++) {
            var batch = i == 0 ? setup.clean() : setup.corrupted();
            try (var r = runner.model().forward(batch, opt)) {
                float[] logits = r.lastLogitsAll();
                metrics[i] = new float[batch.size()];
                setup.metric().evaluate(logits, batch.size(), runner.model().config().dVocab(), identity, metrics[i], null);
                caches[i] = r.detachCache(); // the cache outlives the pass

            }
        }
        return new BaseRuns(caches[0], caches[1], metrics[0], metrics[1], setup.direction());
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    ActivationCache base() {
        return direction.baseIsClean() ? clean : corrupted;
    }

    ActivationCache source() {
        return direction.baseIsClean() ? corrupted : clean;
    }

    float[] baseMetric() {
        return direction.baseIsClean() ? metricClean : metricCorrupted;
    }

    /** source − base at a hook for one prompt (TransformerLens per-prompt layout, flattened). */
    float[] delta(HookName hook, int prompt) {
        FloatTensor s = source().get(hook, prompt);
        FloatTensor b = base().get(hook, prompt);
        float[] out = new float[s.data().length];
        for (int i = 0; i < out.length; i++) {
            float x = s.data()[i];
            float y = b.data()[i];
            out[i] = x == y ? 0f : x - y; // equal −∞ attention scores give 0, not NaN
        }
        return out;
    }

    @Override
    public void close() {
        clean.close();
        corrupted.close();
    }
}
