package io.circuitlens.tasks;

import io.circuitlens.kernels.RowMap;
import io.circuitlens.model.Gpt2Model;
import io.circuitlens.runs.MemoryBudget;
import io.circuitlens.runs.PatchedRuns;
import io.circuitlens.runs.Progress;
import io.circuitlens.runs.RowGroup;

import java.util.List;
import java.util.stream.IntStream;

/** Which pairs the model gets right on the clean prompt, by the task's probability metric (see {@link TaskPairs#filterByMetric}). */
final class MetricFilter {
    private MetricFilter() {}

    static int[] keep(TaskPairs data, Gpt2Model model, MemoryBudget budget, double threshold) {
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("threshold is NaN");
        int n = data.size();
        float[] metric;
        try (PatchedRuns runs = new PatchedRuns(model, data.metric("prob-diff"), budget)) {
            metric = runs.run(data.clean(), null, List.of(new RowGroup(RowGroup.EMBEDDINGS, RowMap.identity(n))), PatchedRuns.Plans.NONE,
                    null, Progress.NONE)[0];
        }
        IntStream.Builder kept = IntStream.builder();
        for (int p = 0; p < n; p++) if (metric[p] >= threshold) kept.add(p);
        return kept.build().toArray();
    }
}
