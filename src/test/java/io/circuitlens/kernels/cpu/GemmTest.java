package io.circuitlens.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks {@link Gemm#sgemm} against a double-precision reference over shapes that hit every path and edge. */
class GemmTest {
    private static Parallel single;
    private static Parallel multi;

    @BeforeAll
    static void pools() {
        single = new Parallel(1);
        multi = new Parallel(3); // odd on purpose: uneven task split
    }

    @AfterAll
    static void close() {
        single.close();
        multi.close();
    }

    /** m, n, k: tiny, odd, tile-edge, attention-like, and shapes that split k slices, row blocks and column blocks. */
    static final int[][] SHAPES = {
            {1, 1, 1}, {1, 1, 7}, {3, 7, 1}, {7, 3, 17}, {17, 17, 17}, {1, 48, 48}, {48, 1, 48}, {48, 48, 1},
            {6, 16, 64}, {12, 32, 33}, {13, 33, 64}, {64, 64, 64}, {61, 59, 64}, {5, 100, 96}, {100, 5, 96},
            {8, 700, 48}, {9, 3001, 70}, {3, 2000, 300}, {2, 5000, 200}, {1, 3000, 333}, {130, 90, 300},
            {250, 70, 530}, {500, 36, 40}, {7, 4200, 20}, {260, 270, 20},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
                out.add(Arguments.of(s[0], s[1], s[2], transA, transB, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("cases")
    void matchesReference(int m, int n, int k, boolean transA, boolean transB, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // Alternate plain layout and strided/offset views with accumulate and bias.
        boolean fancy = (seed & 1) == 0;
        Layout lay = Layout.random(rnd, m, n, k, transA, transB, fancy);
        for (Parallel par : new Parallel[] {single, multi}) {
            boolean accumulate = fancy || rnd.nextBoolean();
            boolean withBias = fancy || rnd.nextBoolean();
            lay.check("sgemm threads=" + par.threads(), accumulate, withBias,
                    g -> Gemm.sgemm(par, g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                            g.b(), g.bOff(), g.ldb(), g.c(), g.cOff(), g.ldc(), g.bias(), g.biasOff(), g.accumulate()));
        }
    }

    /** Every kernel on every shape, whichever sgemm would pick, so that each is tested on odd and tiny sizes too. */
    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("cases")
    void everyPathMatchesReference(int m, int n, int k, boolean transA, boolean transB, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + 1000);
        Layout lay = Layout.random(rnd, m, n, k, transA, transB, true);
        // Tiny blocks and many tasks: several k slices, row blocks, column blocks and tasks even for small shapes
        // (row blocks of one tile: 4 rows on AVX2, 12 on AVX-512).
        GemmBlocking tiny = new GemmBlocking(5, GemmKernel.MR, 32);
        lay.check("blocked", true, true, g -> GemmBlocked.run(multi, g));
        lay.check("blocked tiny", false, true, g -> GemmBlocked.run(multi, g,
                GemmGrid.plan(multi.threads(), transA, transB, m, n, k, 4), tiny));
        lay.check("blocked tiny single", true, false, g -> GemmBlocked.run(single, g,
                new GemmGrid(m, n, 1, 1), tiny));
        lay.check("scalar", true, true, GemmScalar::run);
        if (!transA && transB) lay.check("dot", true, true, g -> GemmDot.run(multi, g));
        if (!transA && !transB) lay.check("direct", true, true, g -> GemmDirect.run(multi, g));
    }

    @Test
    void attentionViewsOfPackedQkv() {
        // q·kᵀ and p·v for one head read straight out of a [T, 3·768] qkv buffer, as the attention kernel does.
        SplittableRandom rnd = new SplittableRandom(42);
        int t = 64, dHead = 64, width = 2304, head = 5;
        float[] qkv = randomArray(rnd, t * width);
        float[] scores = new float[t * t];
        Gemm.sgemm(multi, false, true, t, t, dHead, qkv, head * dHead, width, qkv, 768 + head * dHead, width,
                scores, 0, t, null, 0, false);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double ref = 0;
                for (int p = 0; p < dHead; p++) {
                    ref += (double) qkv[i * width + head * dHead + p] * qkv[j * width + 768 + head * dHead + p];
                }
                assertEquals(ref, scores[i * t + j], 1e-4, "score " + i + "," + j);
            }
        }
        float[] out = new float[t * 768];
        Gemm.sgemm(multi, false, false, t, dHead, t, scores, 0, t, qkv, 1536 + head * dHead, width,
                out, head * dHead, 768, null, 0, false);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < dHead; j++) {
                double ref = 0;
                for (int p = 0; p < t; p++) {
                    ref += (double) scores[i * t + p] * qkv[p * width + 1536 + head * dHead + j];
                }
                assertEquals(ref, out[i * 768 + head * dHead + j], 1e-3, "out " + i + "," + j);
            }
        }
    }

    @Test
    void zeroDepthGivesBiasOrKeepsC() {
        float[] c = {1, 2, 3, 4, 5, 6};
        float[] bias = {10, 20, 30};
        Gemm.sgemm(single, false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, bias, 0, true);
        assertArrayEqualsExact(new float[] {11, 22, 33, 14, 25, 36}, c);
        Gemm.sgemm(single, false, false, 2, 3, 0, null, 0, 0, null, 0, 3, c, 0, 3, null, 0, true);
        assertArrayEqualsExact(new float[] {11, 22, 33, 14, 25, 36}, c);
        Gemm.sgemm(single, false, false, 2, 3, 0, null, 0, 0, null, 0, 3, c, 0, 3, bias, 0, false);
        assertArrayEqualsExact(new float[] {10, 20, 30, 10, 20, 30}, c);
        Gemm.sgemm(single, false, false, 2, 3, 0, null, 0, 0, null, 0, 3, c, 0, 3, null, 0, false);
        assertArrayEqualsExact(new float[6], c);
    }

    @Test
    void emptyOutputIsANoOp() {
        float[] c = {7};
        Gemm.sgemm(single, false, false, 0, 5, 3, null, 0, 0, null, 0, 0, c, 0, 1, null, 0, false);
        Gemm.sgemm(single, false, false, 5, 0, 3, null, 0, 0, null, 0, 0, c, 0, 1, null, 0, false);
        assertEquals(7f, c[0]);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(single, false, false, -1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, null, 0, false));
        assertThrows(IllegalArgumentException.class, // lda shorter than a row
                () -> Gemm.sgemm(single, false, false, 2, 2, 3, x, 0, 2, x, 0, 2, new float[4], 0, 2, null, 0, false));
        assertThrows(IllegalArgumentException.class, // A runs past the end
                () -> Gemm.sgemm(single, false, false, 3, 2, 4, x, 1, 4, x, 0, 2, new float[6], 0, 2, null, 0, false));
        assertThrows(IllegalArgumentException.class, // C runs past the end
                () -> Gemm.sgemm(single, false, false, 2, 2, 2, x, 0, 2, x, 0, 2, new float[3], 0, 2, null, 0, false));
        assertThrows(IllegalArgumentException.class, // bias too short
                () -> Gemm.sgemm(single, false, false, 2, 3, 2, x, 0, 2, x, 0, 3, new float[6], 0, 3,
                        new float[2], 0, false));
    }

    /** Operands laid out in larger arrays with offsets and strides; also remembers what C held before. */
    private record Layout(int m, int n, int k, boolean transA, boolean transB,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c0, int cOff, int ldc, float[] bias, int biasOff) {

        static Layout random(SplittableRandom rnd, int m, int n, int k, boolean transA, boolean transB, boolean fancy) {
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            int lda = aCols + (fancy ? rnd.nextInt(1, 9) : 0);
            int ldb = bCols + (fancy ? rnd.nextInt(1, 9) : 0);
            int ldc = n + (fancy ? rnd.nextInt(1, 9) : 0);
            int aOff = fancy ? rnd.nextInt(0, 13) : 0;
            int bOff = fancy ? rnd.nextInt(0, 13) : 0;
            int cOff = fancy ? rnd.nextInt(0, 13) : 0;
            int biasOff = fancy ? rnd.nextInt(0, 5) : 0;
            return new Layout(m, n, k, transA, transB,
                    randomArray(rnd, aOff + aRows * lda), aOff, lda,
                    randomArray(rnd, bOff + bRows * ldb), bOff, ldb,
                    randomArray(rnd, cOff + m * ldc), cOff, ldc,
                    randomArray(rnd, biasOff + n + 3), biasOff);
        }

        float a(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float b(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        void check(String path, boolean accumulate, boolean withBias, Consumer<GemmProblem> multiply) {
            float[] c = c0.clone();
            float[] bs = withBias ? bias : null;
            multiply.accept(new GemmProblem(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    bs, biasOff, accumulate));
            String what = path + ": m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                    + " accumulate=" + accumulate + " bias=" + withBias;
            boolean[] inside = new boolean[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = cOff + i * ldc + j;
                    inside[idx] = true;
                    double ref = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = (double) a(i, p) * b(p, j);
                        ref += prod;
                        abs += Math.abs(prod);
                    }
                    double extra = (accumulate ? Math.abs(c0[idx]) : 0) + (withBias ? Math.abs(bias[biasOff + j]) : 0);
                    if (accumulate) ref += c0[idx];
                    if (withBias) ref += bias[biasOff + j];
                    // float32 sums: error grows ~ sqrt(k) times the size of the terms.
                    double tol = 2e-6 * Math.sqrt(k + 1) * abs + 1e-6 * extra + 1e-30;
                    if (!(Math.abs(c[idx] - ref) <= tol)) {
                        fail(what + ": C[" + i + "," + j + "] = " + c[idx] + ", expected " + ref + " ± " + tol);
                    }
                }
            }
            for (int idx = 0; idx < c.length; idx++) {
                if (!inside[idx] && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx])) {
                    fail(what + ": wrote outside C at array index " + idx);
                }
            }
        }
    }

    private static float[] randomArray(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    private static void assertArrayEqualsExact(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 0f, "index " + i);
    }
}
