package io.circuitlens.kernels.cpu;

import io.circuitlens.kernels.BatchLayout;
import io.circuitlens.kernels.Buf;
import io.circuitlens.kernels.PatchMode;
import io.circuitlens.kernels.PatchSegments;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Each CPU kernel against a double-precision loop written from its definition. */
class CpuKernelsTest {
    static final CpuKernels K = new CpuKernels(new Parallel(3));
    static final Random RNG = new Random(42);

    @AfterAll
    static void close() {
        K.close();
    }

    static float[] randn(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (RNG.nextGaussian() * scale);
        return a;
    }

    static float[] get(Buf b) {
        float[] out = new float[(int) b.size()];
        K.download(b, 0, out, 0, out.length);
        return out;
    }

    @Test
    void expIsAccurateAndDeterministic() {
        var s = FloatVector.SPECIES_PREFERRED;
        float[] xs = new float[s.length()];
        double worst = 0;
        for (float x = -80f; x <= 80f; x += 0.0137f) {
            for (int i = 0; i < xs.length; i++) xs[i] = x + i * 1e-3f;
            float[] got = VectorMath.exp(FloatVector.fromArray(s, xs, 0)).toArray();
            for (int i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(got[i] / Math.exp(xs[i]) - 1));
        }
        assertTrue(worst < 5e-7, "relative error " + worst);
        float[] big = VectorMath.exp(FloatVector.broadcast(s, 1000f)).toArray();
        assertTrue(Float.isFinite(big[0]), "clamped, finite");
    }

    @Test
    void geluNewMatchesItsDefinition() {
        int n = 1000 + 3;
        float[] x = randn(n, 3);
        x[0] = 0f;
        x[1] = -20f;
        x[2] = 20f;
        Buf out = K.alloc(n);
        K.geluNew(K.upload(x), out, n);
        float[] y = get(out);
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double ref = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(ref, y[i], 2e-6 * Math.max(1, Math.abs(ref)), "x = " + v);
        }
    }

    @Test
    void layerNormMatchesDoublePrecision() {
        int rows = 5;
        int d = 37;
        float[] x = randn(rows * d, 4);
        for (int j = 0; j < d; j++) x[j] += 100f; // a large mean must not hurt the variance
        float[] w = randn(d, 1);
        float[] b = randn(d, 1);
        Buf scale = K.alloc(rows);
        Buf out = K.alloc(rows * d);
        Buf xb = K.upload(x);
        K.layerNormScale(xb, rows, d, 1e-5f, scale);
        K.layerNormApply(xb, scale, K.upload(w), K.upload(b), rows, d, out);
        float[] sc = get(scale);
        float[] y = get(out);
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += x[r * d + j];
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) var += Math.pow(x[r * d + j] - mean, 2);
            double s = Math.sqrt(var / d + 1e-5);
            assertEquals(s, sc[r], 1e-5 * s);
            for (int j = 0; j < d; j++) assertEquals((x[r * d + j] - mean) / s * w[j] + b[j], y[r * d + j], 2e-5);
        }
    }

    @Test
    void causalAttentionMatchesNaiveLoops() {
        int nHeads = 3;
        int dHead = 5;
        int d = nHeads * dHead;
        int[] lengths = {4, 1, 7};
        BatchLayout lay = BatchLayout.of(lengths, nHeads);
        float[] qkv = randn(lay.rows() * 3 * d, 1.5);
        Buf qkvB = K.upload(qkv);
        Buf scores = K.alloc(lay.attnSize());
        Buf pattern = K.alloc(lay.attnSize());
        Buf z = K.alloc((long) lay.rows() * d);
        K.attentionScores(qkvB, 0, qkvB, d, 3 * d, dHead, K.prepare(lay), scores);
        K.causalSoftmax(scores, K.prepare(lay), pattern);
        K.attentionMix(pattern, qkvB, 2L * d, 3 * d, dHead, K.prepare(lay), z);
        float[] sc = get(scores);
        float[] pt = get(pattern);
        float[] zs = get(z);
        for (int p = 0; p < lengths.length; p++) {
            int len = lengths[p];
            int r0 = lay.rowStart()[p];
            for (int h = 0; h < nHeads; h++) {
                for (int i = 0; i < len; i++) {
                    double[] s = new double[len];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < dHead; e++) {
                            dot += qkv[(r0 + i) * 3 * d + h * dHead + e] * (double) qkv[(r0 + j) * 3 * d + d + h * dHead + e];
                        }
                        s[j] = dot / Math.sqrt(dHead);
                        max = Math.max(max, s[j]);
                    }
                    double total = 0;
                    for (int j = 0; j <= i; j++) total += Math.exp(s[j] - max);
                    long row = lay.attnStart()[p] + ((long) h * len + i) * len;
                    for (int j = 0; j < len; j++) {
                        if (j <= i) {
                            assertEquals(s[j], sc[(int) row + j], 1e-5);
                            assertEquals(Math.exp(s[j] - max) / total, pt[(int) row + j], 1e-6);
                        } else {
                            assertEquals(Float.NEGATIVE_INFINITY, sc[(int) row + j]);
                            assertEquals(0f, pt[(int) row + j]);
                        }
                    }
                    for (int e = 0; e < dHead; e++) {
                        double acc = 0;
                        for (int j = 0; j <= i; j++) {
                            acc += Math.exp(s[j] - max) / total * qkv[(r0 + j) * 3 * d + 2 * d + h * dHead + e];
                        }
                        assertEquals(acc, zs[(r0 + i) * d + h * dHead + e], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void patchModesAndExactEnds() {
        float[] dst = {1, 2, 3, 4, 5, 6};
        float[] src = {10, 20, 30, 40, 50, 60};
        Buf d = K.upload(dst.clone());
        Buf s = K.upload(src);
        K.patch(d, s, K.prepare(new PatchSegments(new long[] {0, 3}, new long[] {0, 4}, new int[] {2, 2}, new float[] {1f, 0.5f})), PatchMode.BLEND);
        assertArrayEquals(new float[] {10, 20, 3, 4 + 0.5f * (50 - 4), 5 + 0.5f * (60 - 5), 6}, get(d));
        K.patch(d, s, K.prepare(new PatchSegments(new long[] {2}, new long[] {0}, new int[] {1}, new float[] {2f})), PatchMode.ADD);
        assertEquals(23f, get(d)[2]);
        K.patch(d, null, K.prepare(new PatchSegments(new long[] {0}, new long[] {0}, new int[] {2}, new float[] {1f})), PatchMode.ZERO);
        assertEquals(0f, get(d)[0]);
        assertEquals(Float.NEGATIVE_INFINITY, CpuKernels.blend(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.3f));
        assertEquals(0.1f, CpuKernels.blend(7.3f, 0.1f, 1f));
    }

    @Test
    void sumHeadsAndAxpy() {
        int rows = 3;
        int heads = 4;
        int width = 11;
        float[] r = randn(rows * heads * width, 1);
        Buf out = K.upload(randn(rows * width, 1));
        float[] before = get(out);
        K.sumHeads(K.upload(r), rows, heads, width, out, true);
        float[] after = get(out);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) {
                double sum = before[i * width + j];
                for (int h = 0; h < heads; h++) sum += r[(i * heads + h) * width + j];
                assertEquals(sum, after[i * width + j], 1e-5);
            }
        }
        Buf y = K.upload(new float[] {1, 2, 3});
        K.axpy(-2f, K.upload(new float[] {1, 1, 1}), y, 3);
        assertArrayEquals(new float[] {-1, 0, 1}, get(y));
    }

    @Test
    void releasedBuffersAreReusedZeroedAndCannotBeUsedAfterRelease() {
        try (CpuKernels k = new CpuKernels(new Parallel(1))) {
            Buf a = k.alloc(1000);
            k.fill(a, 0, 1000, 3f);
            k.release(a);
            assertThrows(IllegalStateException.class, () -> k.fill(a, 0, 1, 1f));
            Buf b = k.alloc(1000);
            float[] out = new float[1000];
            k.download(b, 0, out, 0, 1000);
            for (float v : out) assertEquals(0f, v);
            float[] mine = {1, 2, 3};
            Buf up = k.upload(mine);
            k.release(up); // caller-owned arrays are never pooled
            Buf c = k.alloc(3);
            k.fill(c, 0, 3, 9f);
            assertArrayEquals(new float[] {1, 2, 3}, mine);
        }
    }

    /**
     * Window layouts (rows from a position on): prompt rows move by position between a window and the whole prompts,
     * only the positions both hold, and the ends must agree.
     */
    @Test
    void promptRowsMoveByPositionBetweenWindowsAndWholePrompts() {
        BatchLayout whole = BatchLayout.of(new int[] {4, 2, 5}, 1);
        BatchLayout window = BatchLayout.windows(new int[] {1, 1, 4}, new int[] {4, 2, 5}, 1);
        assertEquals(3 + 1 + 1, window.rows());
        assertEquals(whole, window.full());
        assertEquals(BatchLayout.windows(new int[] {3, 1, 4}, new int[] {4, 2, 5}, 1), window.lastRows());
        int cols = 2;
        float[] src = new float[whole.rows() * cols];
        for (int i = 0; i < src.length; i++) src[i] = i + 1; // row r holds (2r + 1, 2r + 2)
        try (var w = K.prepare(window); var f = K.prepare(whole); var self = K.prepare(io.circuitlens.kernels.RowMap.identity(3))) {
            Buf a = K.upload(src);
            Buf win = K.alloc((long) window.rows() * cols);
            K.interpolatePromptRows(win, 0, cols, w, null, a, 0, cols, f, self, null, cols);
            // prompt 0 positions 1..3 = whole rows 1..3; prompt 1 position 1 = row 5; prompt 2 position 4 = row 10
            assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, 11, 12, 21, 22}, get(win));
            Buf back = K.alloc((long) whole.rows() * cols);
            K.interpolatePromptRows(back, 0, cols, f, null, win, 0, cols, w, self, null, cols);
            float[] expect = new float[whole.rows() * cols];
            for (int r : new int[] {1, 2, 3, 5, 10}) {
                expect[2 * r] = src[2 * r];
                expect[2 * r + 1] = src[2 * r + 1];
            }
            assertArrayEquals(expect, get(back), "the whole prompts get the window's positions, the rest untouched");
            BatchLayout other = BatchLayout.of(new int[] {4, 3, 5}, 1);
            try (var o = K.prepare(other)) {
                var e = assertThrows(IllegalArgumentException.class, () -> K.interpolatePromptRows(win, 0, cols, w, null, a, 0, cols, o, self, null, cols));
                assertTrue(e.getMessage().contains("row 1 has 2 tokens but prompt 1 has 3"), e.getMessage());
            }
        }
    }

    /** A window row's per-position sums land on its positions' units; the delta is read at the same positions. */
    @Test
    void groupedDotOfAWindowCountsPositionsFromItsOffset() {
        BatchLayout whole = BatchLayout.of(new int[] {3, 2}, 1);
        BatchLayout window = BatchLayout.windows(new int[] {1, 1}, new int[] {3, 2}, 1);
        float[] g = {1, 2, 3}; // window rows: prompt 0 positions 1, 2; prompt 1 position 1 (one column)
        float[] to = {10, 20, 30, 40, 50};
        float[] from = {1, 1, 1, 1, 1};
        var grouping = io.circuitlens.kernels.UnitGrouping.rows(1, 1, true, 3);
        try (var w = K.prepare(window); var f = K.prepare(whole); var self = K.prepare(io.circuitlens.kernels.RowMap.identity(2))) {
            Buf out = K.alloc(6);
            K.groupedDot(grouping, K.upload(g), 0, 1, w, K.upload(to), K.upload(from), 0, 1, f, self, out);
            // prompt 0: position 1: 1·(20 − 1), position 2: 2·(30 − 1); prompt 1: position 1: 3·(50 − 1)
            assertArrayEquals(new float[] {0, 19, 58, 0, 147, 0}, get(out));
        }
    }
}
