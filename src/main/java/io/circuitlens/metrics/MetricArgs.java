package io.circuitlens.metrics;

import io.circuitlens.common.CircuitLensException;

/** Argument checks shared by the metrics: shape mismatches are programming errors, bad token ids are the user's. */
final class MetricArgs {
    private MetricArgs() {}

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
