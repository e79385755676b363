package io.circuitlens.runs;

import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.model.Gpt2Model;

/**
 * What a study runs on: the model, the task's clean and corrupted prompts (pair i of the same token length in both,
 * so positions line up), the metric (which holds each pair's answers) and how much memory one batched pass may use.
 * Attribution, ablations and circuit checks all take this one setup.
 */
public record RunSetup(Gpt2Model model, Batch clean, Batch corrupted, Metric metric, MemoryBudget budget) {
    public RunSetup {
        Batch.checkPairs(clean, corrupted);
        if (metric.prompts() != clean.size()) {
            throw new IllegalArgumentException("the metric has targets for " + metric.prompts() + " prompts but there are " + clean.size() + " pairs");
        }
    }

    public int prompts() {
        return clean.size();
    }

    /** The engine for this setup's model, metric and budget (close it when done). */
    public PatchedRuns engine() {
        return new PatchedRuns(model, metric, budget);
    }
}
