package io.circuitlens.metrics;

/**
 * {@code kl}: KL(p_clean ‖ p_model) = Σ_v p_clean(v)·(log p_clean(v) − log p_model(v)) over the whole vocabulary,
 * where p_clean is the clean run's next-token distribution for the row's prompt. {@code kl-mean} divides by the
 * vocabulary size. The gradient with respect to the model's logits is p_model − p_clean (÷ vocab for the mean).
 *
 * <p>The clean logits are kept by reference, not copied (they can be prompts × 50257 floats), and must not be
 * changed while the metric is in use; their log-normalisers are computed once here.
 */
public final class KlDivergence implements Metric {
    public static final String NAME = "kl";
    public static final String MEAN_NAME = "kl-mean";

    private final float[][] cleanLogits;
    private final Softmax[] cleanSoftmax;
    private final boolean mean;

    /** {@code cleanLogits[p]}: prompt p's clean next-token logits; {@code mean}: divide by the vocabulary size. */
    public KlDivergence(float[][] cleanLogits, boolean mean) {
        this.cleanLogits = cleanLogits.clone();
        this.mean = mean;
        this.cleanSoftmax = new Softmax[cleanLogits.length];
        for (int p = 0; p < cleanLogits.length; p++) cleanSoftmax[p] = Softmax.of(cleanLogits[p]);
    }

    @Override
    public String name() {
        return mean ? MEAN_NAME : NAME;
    }

    @Override
    public int prompts() {
        return cleanLogits.length;
    }

    @Override
    public double evaluateRow(double[] logits, int prompt, double[] grad) {
        MetricArgs.checkPrompt(this, prompt);
        MetricArgs.checkGrad(logits, grad);
        float[] clean = cleanLogits[prompt];
        if (clean.length != logits.length) {
            throw new IllegalArgumentException(name() + ": prompt " + prompt + " has " + clean.length
                    + " clean logits but the model's rows have " + logits.length);
        }
        Softmax cleanSm = cleanSoftmax[prompt];
        Softmax model = Softmax.of(logits);
        double scale = mean ? 1.0 / logits.length : 1.0;
        double kl = 0;
        for (int v = 0; v < logits.length; v++) {
            double logClean = cleanSm.logProb(clean[v]);
            double logModel = model.logProb(logits[v]);
            double pClean = Math.exp(logClean);
            // 0·log 0 = 0: a clean probability that underflows (or a -inf clean logit) adds nothing
            if (pClean > 0) kl += pClean * (logClean - logModel);
            if (grad != null) grad[v] = (Math.exp(logModel) - pClean) * scale;
        }
        return kl * scale;
    }

    @Override
    public String toString() {
        return name() + "(" + prompts() + " prompts)";
    }
}
