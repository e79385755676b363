package io.circuitlens.metrics;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.MetricSpec;

/**
 * {@code kl}: KL(p_clean ‖ p_model) = Σ_v p_clean(v)·(log p_clean(v) − log p_model(v)) over the whole vocabulary,
 * where p_clean is the clean run's next-token distribution for the row's prompt (kept on the backend by the engine
 * that ran it). {@code kl-mean} divides by the vocabulary size. The gradient with respect to the model's logits is
 * p_model − p_clean (÷ vocab for the mean).
 */
public final class KlDivergence implements Metric {
    public static final String NAME = "kl";
    public static final String MEAN_NAME = "kl-mean";

    private final int prompts;
    private final boolean mean;

    /** Against the clean run of {@code prompts} prompts; {@code mean}: divide by the vocabulary size. */
    public KlDivergence(int prompts, boolean mean) {
        if (prompts < 0) throw new IllegalArgumentException("negative prompt count " + prompts);
        this.prompts = prompts;
        this.mean = mean;
    }

    @Override
    public String name() {
        return mean ? MEAN_NAME : NAME;
    }

    @Override
    public int prompts() {
        return prompts;
    }

    @Override
    public boolean needsReference() {
        return true;
    }

    @Override
    public MetricSpec spec(int vocab, Buf reference) {
        if (reference == null) throw new IllegalArgumentException(name() + " needs the clean run's logits");
        return MetricSpec.kl(mean, prompts, vocab, reference);
    }

    @Override
    public Metric select(int[] at) {
        return new KlDivergence(at.length, mean); // the reference is the selected prompts' own clean run
    }

    @Override
    public String toString() {
        return name() + "(" + prompts + " prompts)";
    }
}
