package io.circuitlens.metrics;

/**
 * A scalar per prompt read from the next-token logits at the prompt's last real token, with its gradient with
 * respect to those logits (what attribution patching and integrated gradients back-propagate).
 *
 * <p>The engine computes logits only at the rows it needs and passes them row-major as {@code rows × vocab}; several
 * rows may belong to one prompt (an integrated-gradients batch holds steps × prompts rows), so {@code rowPrompt[r]}
 * names the prompt whose targets row {@code r} is scored against. Implementations compute in double (softmax with
 * the maximum subtracted) and store floats; they hold no mutable state, so one instance may be shared by threads.
 */
public interface Metric {
    /** The metric's option name, e.g. {@code "logit-diff"}; see {@link Metrics#NAMES}. */
    String name();

    /** Number of prompts this metric has targets for; {@code rowPrompt} values must lie in {@code 0..prompts()-1}. */
    int prompts();

    /**
     * One row in double precision: returns the metric of {@code logits} (one prompt's next-token logits, the whole
     * vocabulary) scored against prompt {@code prompt}'s targets. If {@code grad} is not null (same length as
     * {@code logits}) every entry is overwritten with d metric / d logits[v].
     */
    double evaluateRow(double[] logits, int prompt, double[] grad);

    /**
     * Batched float form: {@code values[r]} = metric of row {@code r}; if {@code grad != null},
     * {@code grad[r*vocab + v]} = d values[r] / d logits[r*vocab + v] (every entry of the first rows × vocab written).
     */
    default void evaluate(float[] logits, int rows, int vocab, int[] rowPrompt, float[] values, float[] grad) {
        MetricArgs.checkBatch(this, logits, rows, vocab, rowPrompt, values, grad);
        double[] row = new double[vocab];
        double[] rowGrad = grad == null ? null : new double[vocab];
        for (int r = 0; r < rows; r++) {
            int base = r * vocab;
            for (int v = 0; v < vocab; v++) row[v] = logits[base + v];
            values[r] = (float) evaluateRow(row, rowPrompt[r], rowGrad);
            if (rowGrad != null) {
                for (int v = 0; v < vocab; v++) grad[base + v] = (float) rowGrad[v];
            }
        }
    }
}
