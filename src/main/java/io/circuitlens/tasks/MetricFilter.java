package io.circuitlens.tasks;

import io.circuitlens.metrics.Metric;
import io.circuitlens.model.Batch;
import io.circuitlens.model.ForwardOptions;
import io.circuitlens.model.ForwardResult;
import io.circuitlens.model.LoadedModel;

import java.util.Arrays;
import java.util.stream.IntStream;

/** Which pairs the model gets right on the clean prompt, by the task's probability metric (see {@link TaskData#filterByMetric}). */
final class MetricFilter {
    /** Clean prompts per forward pass: bounds the next-token logits held at once (chunk × vocabulary floats). */
    private static final int CHUNK = 64;

    private MetricFilter() {}

    static int[] keep(TaskData data, LoadedModel model, double threshold) {
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("threshold is NaN");
        Metric metric = data.metric("prob-diff", model);
        int[][] tokens = data.clean().tokens();
        IntStream.Builder kept = IntStream.builder();
        for (int from = 0; from < tokens.length; from += CHUNK) {
            int to = Math.min(tokens.length, from + CHUNK);
            Batch chunk = new Batch(Arrays.copyOfRange(tokens, from, to));
            try (ForwardResult r = model.model().forward(chunk, ForwardOptions.lastLogits())) {
                for (int p = from; p < to; p++) {
                    float[] logits = r.lastLogits(p - from);
                    double[] row = new double[logits.length];
                    for (int v = 0; v < row.length; v++) row[v] = logits[v];
                    if (metric.evaluateRow(row, p, null) >= threshold) kept.add(p);
                }
            }
        }
        return kept.build().toArray();
    }
}
