package io.circuitlens.metrics;

import io.circuitlens.CircuitLensException;

/** Argument checks shared by the metrics: shape mismatches are programming errors, bad token ids are the user's. */
final class MetricArgs {
    private MetricArgs() {}

    static void checkBatch(Metric m, float[] logits, int rows, int vocab, int[] rowPrompt, float[] values,
                           float[] grad) {
        if (rows < 0 || vocab <= 0) {
            throw new IllegalArgumentException(m.name() + ": rows " + rows + " and vocab " + vocab + " must be positive");
        }
        long cells = (long) rows * vocab;
        if (logits.length < cells) {
            throw new IllegalArgumentException(m.name() + ": logits hold " + logits.length + " floats, need " + cells);
        }
        if (grad != null && grad.length < cells) {
            throw new IllegalArgumentException(m.name() + ": grad holds " + grad.length + " floats, need " + cells);
        }
        if (rowPrompt.length < rows || values.length < rows) {
            throw new IllegalArgumentException(m.name() + ": rowPrompt (" + rowPrompt.length + ") and values ("
                    + values.length + ") need " + rows + " entries");
        }
        for (int r = 0; r < rows; r++) {
            checkPrompt(m, rowPrompt[r]);
        }
    }

    static void checkPrompt(Metric m, int prompt) {
        if (prompt < 0 || prompt >= m.prompts()) {
            throw new IllegalArgumentException(m.name() + ": prompt " + prompt + " is outside 0.." + (m.prompts() - 1));
        }
    }

    static void checkGrad(double[] logits, double[] grad) {
        if (grad != null && grad.length != logits.length) {
            throw new IllegalArgumentException("grad has " + grad.length + " entries but logits have " + logits.length);
        }
    }

    /** Token ids come from the user's answers, so an id the model's vocabulary lacks is a user-facing error. */
    static void checkToken(String metric, int prompt, int id, int vocab) {
        if (id < 0 || id >= vocab) {
            throw new CircuitLensException(metric + ": prompt " + prompt + " has answer token id " + id
                    + ", outside the model's vocabulary (0.." + (vocab - 1) + ")");
        }
    }

    static void checkPromptCount(String metric, String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(metric + ": " + what + " has " + actual + " prompts, expected " + expected);
        }
    }
}
