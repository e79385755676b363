package io.circuitlens.attribution;

import io.circuitlens.CircuitLensException;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Model;

/**
 * What an attribution run works on: the model, the clean and corrupted prompts (pair i has the same token length
 * in both), the metric (which knows each pair's answers), the direction, and how many tokens one batched pass may
 * hold (batches are split only to fit memory).
 */
public record AttributionSetup(Gpt2Model model, Batch clean, Batch corrupted, Metric metric, Direction direction, int tokensPerPass) {
    public AttributionSetup {
        Batch.checkPairs(clean, corrupted);
        if (tokensPerPass < 1) throw new CircuitLensException("tokens per pass must be positive, got " + tokensPerPass);
    }

    public int prompts() {
        return clean.size();
    }

    Batch base() {
        return direction.baseIsClean() ? clean : corrupted;
    }
}
