package io.circuitlens.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float comparisons with a tolerance relative to the larger value. */
final class Close {
    private Close() {}

    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
            assertEquals(expected[i], actual[i], tol * scale, what + " [" + i + "]");
        }
    }
}
