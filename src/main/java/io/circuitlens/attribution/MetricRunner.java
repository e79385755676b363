package io.circuitlens.attribution;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.Kernels;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.ActivationCache;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.model.HookFilter;
import io.circuitlens.model.HookName;

/**
 * The one primitive every method is built on: run a batch (rows = patched copies of prompts) with a patch plan,
 * read the metric of each row at its last real token and, when asked, the gradients of Σ_rows metric at some hooks.
 */
final class MetricRunner {
    private final Gpt2Model model;
    private final Metric metric;

    MetricRunner(Gpt2Model model, Metric metric) {
        this.model = model;
        this.metric = metric;
    }

    Gpt2Model model() {
        return model;
    }

    /** Metric values and (optionally) gradients of one batched pass; close it to free the gradients. */
    record Output(float[] values, ActivationCache gradients) implements AutoCloseable {
        @Override
        public void close() {
            if (gradients != null) gradients.close();
        }
    }

    /** Metric per row, no gradients. */
    float[] values(Batch batch, int[] rowPrompt, ForwardOptions opt) {
        try (ForwardResult r = model.forward(batch, opt.withLogits(ForwardOptions.Logits.LAST))) {
            return evaluate(r, rowPrompt, null);
        }
    }

    /** Metric per row and the gradients at hooks matching {@code wanted}, stopping the backward at {@code stopAt}. */
    Output withGradients(Batch batch, int[] rowPrompt, ForwardOptions opt, HookFilter wanted, HookName stopAt) {
        Kernels k = model.kernels();
        try (ForwardResult r = model.forward(batch, opt.withLogits(ForwardOptions.Logits.LAST).forBackward())) {
            int vocab = model.config().dVocab();
            float[] grad = new float[Math.multiplyExact(batch.size(), vocab)];
            float[] values = evaluate(r, rowPrompt, grad);
            Buf dLogits = k.upload(grad);
            try {
                return new Output(values, model.backward(r, dLogits, wanted, stopAt));
            } finally {
                k.release(dLogits);
            }
        }
    }

    private float[] evaluate(ForwardResult r, int[] rowPrompt, float[] grad) {
        float[] logits = r.lastLogitsAll();
        float[] values = new float[rowPrompt.length];
        metric.evaluate(logits, rowPrompt.length, model.config().dVocab(), rowPrompt, values, grad);
        return values;
    }
}
