package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * A·B with both stored row-major, straight from the operands without packing: for products too small for packing
 * to pay (one attention head's p·v at T ≤ 32) and for very few rows of A (a vector times a weight matrix), where
 * every B element is used at most three times. 4×(2 vectors) register tiles like {@link GemmKernel}, 1×(2 vectors)
 * for the last rows, B rows read in place with stride ldb; columns that do not fill a tile go through
 * {@link GemmScalar}.
 */
final class GemmDirect {
    private static final int MR = 4;

    private GemmDirect() {}

    /** Whole C, split over column blocks when it is big enough to share. Requires !transA && !transB. */
    static void run(Parallel par, GemmProblem g) {
        long fmaPerPanel = (long) NR * g.m() * g.k();
        int panels = GemmGrid.ceilDiv(g.n(), NR);
        int grain = (int) Math.max(1, GemmGrid.MIN_TASK_FMA / Math.max(1, fmaPerPanel));
        if (par.threads() == 1 || panels <= grain) {
            run(g, 0, g.n());
            return;
        }
        par.forRange(panels, grain, (start, end) -> run(g, start * NR, Math.min(g.n(), end * NR)));
    }

    /** C columns [j0, j1), all rows; j0 is a multiple of NR. */
    static void run(GemmProblem g, int j0, int j1) {
        int m = g.m();
        int mFull = m - m % MR;
        int jFull = j0 + (j1 - j0) / NR * NR;
        for (int j = j0; j < jFull; j += NR) {
            for (int i = 0; i < mFull; i += MR) tile4(g, i, j);
            for (int i = mFull; i < m; i++) tile1(g, i, j);
        }
        if (jFull < j1) GemmScalar.run(g, 0, m, jFull, j1);
    }

    private static void tile4(GemmProblem g, int i, int j) {
        float[] a = g.a(), b = g.b();
        int k = g.k(), lda = g.lda(), ldb = g.ldb();
        int a0 = g.aOff() + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = g.bOff() + j;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bi = b0 + p * ldb;
            FloatVector y0 = FloatVector.fromArray(S, b, bi);
            FloatVector y1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
        }
        int c0 = g.cOff() + i * g.ldc() + j;
        store(g, c0, j, c00, c01);
        store(g, c0 + g.ldc(), j, c10, c11);
        store(g, c0 + 2 * g.ldc(), j, c20, c21);
        store(g, c0 + 3 * g.ldc(), j, c30, c31);
    }

    /** One row: two accumulators per vector column halve the FMA dependency chains. */
    private static void tile1(GemmProblem g, int i, int j) {
        float[] a = g.a(), b = g.b();
        int k = g.k(), ldb = g.ldb();
        int a0 = g.aOff() + i * g.lda();
        int b0 = g.bOff() + j;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector t0 = FloatVector.zero(S), t1 = FloatVector.zero(S);
        int p = 0;
        for (; p + 2 <= k; p += 2) {
            int bi = b0 + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
            x = FloatVector.broadcast(S, a[a0 + p + 1]);
            t0 = x.fma(FloatVector.fromArray(S, b, bi + ldb), t0);
            t1 = x.fma(FloatVector.fromArray(S, b, bi + ldb + L), t1);
        }
        if (p < k) {
            int bi = b0 + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
        }
        store(g, g.cOff() + i * g.ldc() + j, j, s0.add(t0), s1.add(t1));
    }

    private static void store(GemmProblem g, int idx, int j, FloatVector v0, FloatVector v1) {
        float[] c = g.c();
        if (g.bias() != null) {
            v0 = v0.add(FloatVector.fromArray(S, g.bias(), g.biasOff() + j));
            v1 = v1.add(FloatVector.fromArray(S, g.bias(), g.biasOff() + j + L));
        }
        if (g.accumulate()) {
            v0 = v0.add(FloatVector.fromArray(S, c, idx));
            v1 = v1.add(FloatVector.fromArray(S, c, idx + L));
        }
        v0.intoArray(c, idx);
        v1.intoArray(c, idx + L);
    }
}
