package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * A·Bᵀ with both A (m×k) and B (n×k) stored row-major, computed as dot products of rows, without packing. This
 * wins when packing B would cost more than using it: 1 to 3 rows of A (one token's logits against the 50257×768
 * embedding: B streams from memory once) and tiny products (attention scores of one head at T ≤ 16). Each step loads
 * 2 rows of A and 4 rows of B and does 8 vector multiply-adds into 8 register accumulators, reduced once per dot
 * product; the reductions make it slower than the packed kernel once there are rows enough to share a packed B.
 */
final class GemmDot {
    private GemmDot() {}

    /** Whole C, split over column groups of 4 when it is big enough to share. Requires !transA && transB. */
    static void run(Parallel par, GemmProblem g) {
        long fmaPerGroup = 4L * g.m() * g.k();
        int groups = GemmGrid.ceilDiv(g.n(), 4);
        int grain = (int) Math.max(1, GemmGrid.MIN_TASK_FMA / Math.max(1, fmaPerGroup));
        if (par.threads() == 1 || groups <= grain) {
            run(g, 0, g.n());
            return;
        }
        par.forRange(groups, grain, (start, end) -> run(g, 4 * start, Math.min(g.n(), 4 * end)));
    }

    /** C rows [0, m) × columns [j0, j1). Requires !transA && transB. */
    static void run(GemmProblem g, int j0, int j1) {
        int m = g.m();
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int j = j0;
            for (; j + 4 <= j1; j += 4) dot2x4(g, i, j);
            for (; j < j1; j++) {
                store(g, i, j, dot1x1(g, i, j));
                store(g, i + 1, j, dot1x1(g, i + 1, j));
            }
        }
        for (; i < m; i++) {
            int j = j0;
            for (; j + 4 <= j1; j += 4) dot1x4(g, i, j);
            for (; j < j1; j++) store(g, i, j, dot1x1(g, i, j));
        }
    }

    private static void dot2x4(GemmProblem g, int i, int j) {
        float[] a = g.a(), b = g.b();
        int k = g.k(), kv = S.loopBound(k);
        int a0 = g.aOff() + i * g.lda(), a1 = a0 + g.lda();
        int b0 = g.bOff() + j * g.ldb(), b1 = b0 + g.ldb(), b2 = b1 + g.ldb(), b3 = b2 + g.ldb();
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        store(g, i, j, sum(s00) + tail(a, a0, b, b0, kv, k));
        store(g, i, j + 1, sum(s01) + tail(a, a0, b, b1, kv, k));
        store(g, i, j + 2, sum(s02) + tail(a, a0, b, b2, kv, k));
        store(g, i, j + 3, sum(s03) + tail(a, a0, b, b3, kv, k));
        store(g, i + 1, j, sum(s10) + tail(a, a1, b, b0, kv, k));
        store(g, i + 1, j + 1, sum(s11) + tail(a, a1, b, b1, kv, k));
        store(g, i + 1, j + 2, sum(s12) + tail(a, a1, b, b2, kv, k));
        store(g, i + 1, j + 3, sum(s13) + tail(a, a1, b, b3, kv, k));
    }

    private static void dot1x4(GemmProblem g, int i, int j) {
        float[] a = g.a(), b = g.b();
        int k = g.k(), kv = S.loopBound(k);
        int a0 = g.aOff() + i * g.lda();
        int b0 = g.bOff() + j * g.ldb(), b1 = b0 + g.ldb(), b2 = b1 + g.ldb(), b3 = b2 + g.ldb();
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        store(g, i, j, sum(s0) + tail(a, a0, b, b0, kv, k));
        store(g, i, j + 1, sum(s1) + tail(a, a0, b, b1, kv, k));
        store(g, i, j + 2, sum(s2) + tail(a, a0, b, b2, kv, k));
        store(g, i, j + 3, sum(s3) + tail(a, a0, b, b3, kv, k));
    }

    private static float dot1x1(GemmProblem g, int i, int j) {
        float[] a = g.a(), b = g.b();
        int k = g.k(), kv = S.loopBound(k);
        int a0 = g.aOff() + i * g.lda();
        int b0 = g.bOff() + j * g.ldb();
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        return sum(s) + tail(a, a0, b, b0, kv, k);
    }

    /** Lane sum in a fixed order: reduceLanes(ADD) may give other bits once the JIT has compiled it. */
    private static float sum(FloatVector v) {
        return VectorMath.laneSum(v);
    }

    /** The k % L products past the last full vector. */
    private static float tail(float[] a, int a0, float[] b, int b0, int from, int k) {
        float s = 0f;
        for (int p = from; p < k; p++) s += a[a0 + p] * b[b0 + p];
        return s;
    }

    private static void store(GemmProblem g, int i, int j, float dot) {
        float[] c = g.c();
        int idx = g.cOff() + i * g.ldc() + j;
        if (g.bias() != null) dot += g.bias()[g.biasOff() + j];
        c[idx] = g.accumulate() ? c[idx] + dot : dot;
    }
}
