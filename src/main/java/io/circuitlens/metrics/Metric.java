package io.circuitlens.metrics;

import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.MetricSpec;

/**
 * A scalar per prompt read from the next-token logits at the prompt's last real token. A metric here is a definition
 * (answer tokens with weights, or a KL divergence against a reference distribution); the backend evaluates it, with
 * its gradient with respect to the logits, through {@link MetricSpec} — so a batched pass never ships logits to the
 * host. Several rows of a pass may belong to one prompt (an integrated-gradients batch holds steps × prompts rows);
 * each is scored against its prompt's targets.
 */
public interface Metric {
    /** The metric's option name, e.g. {@code "logit-diff"}; see {@link Metrics#NAMES}. */
    String name();

    /** Number of prompts this metric has targets for. */
    int prompts();

    /**
     * Whether the metric compares against a reference next-token distribution (KL divergence: the clean run's logits
     * at each prompt's last token, which the engine keeps on the backend and passes to {@link #spec}).
     */
    default boolean needsReference() {
        return false;
    }

    /**
     * The metric as the backend evaluates it on a model with this vocabulary; {@code reference} is logits
     * [prompts, vocab] on the backend when {@link #needsReference()}, else ignored. An answer token outside the
     * vocabulary is an error naming the metric, prompt and token.
     */
    MetricSpec spec(int vocab, Buf reference);

    /** The same metric over some of its prompts: prompt i here is prompt {@code at[i]} there. */
    Metric select(int[] at);
}
