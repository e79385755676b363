package io.circuitlens.runs;

import io.circuitlens.model.ActivationCache;

/** A pass over a task's prompts: the metric per prompt and the activations it cached (on the backend). */
public record Run(float[] metric, ActivationCache cache) implements AutoCloseable {
    @Override
    public void close() {
        cache.close();
    }
}
