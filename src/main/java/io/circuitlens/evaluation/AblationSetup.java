package io.circuitlens.evaluation;

import io.circuitlens.CircuitLensException;
import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Model;

/**
 * What ablations run on: the model, the clean prompts (the runs that get ablated), the corrupted prompts (the source
 * of resample ablation, and of the mean by default; pair i has the same token length in both), the metric, the
 * ablation, and how many tokens one batched pass may hold (passes are split only to fit memory).
 */
public record AblationSetup(Gpt2Model model, Batch clean, Batch corrupted, Metric metric, AblationSpec spec, int tokensPerPass) {
    public AblationSetup {
        Batch.checkPairs(clean, corrupted);
        if (tokensPerPass < 1) throw new CircuitLensException("tokens per pass must be positive, got " + tokensPerPass);
    }

    public int prompts() {
        return clean.size();
    }
}
