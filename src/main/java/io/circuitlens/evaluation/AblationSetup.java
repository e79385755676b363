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
        if (clean.size() != corrupted.size()) {
            throw new CircuitLensException(clean.size() + " clean prompts but " + corrupted.size() + " corrupted ones");
        }
        for (int p = 0; p < clean.size(); p++) {
            if (clean.length(p) != corrupted.length(p)) {
                throw new CircuitLensException("pair " + p + ": clean prompt has " + clean.length(p) + " tokens but corrupted has "
                        + corrupted.length(p) + "; pairs must have the same token length");
            }
        }
        if (tokensPerPass < 1) throw new CircuitLensException("tokens per pass must be positive, got " + tokensPerPass);
    }

    public int prompts() {
        return clean.size();
    }
}
