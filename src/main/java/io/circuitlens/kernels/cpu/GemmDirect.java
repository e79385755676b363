package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * Small A·B (both stored row-major) straight from the operands, without packing: for products such as one attention
 * head's p·v (T×T by T×64) copying the panels would cost a good part of the multiply itself. Same 4×(2 vectors) register
 * tile as {@link GemmKernel}, but B rows are read in place with stride ldb. Rows and columns that do not fill a tile go
 * through {@link GemmScalar}. Single thread.
 */
final class GemmDirect {
    static final int MR = 4;

    private GemmDirect() {}

    /** Requires !transA && !transB. */
    static void run(GemmProblem g) {
        int m = g.m(), n = g.n();
        int mFull = m - m % MR, nFull = n - n % NR;
        for (int i = 0; i < mFull; i += MR) {
            for (int j = 0; j < nFull; j += NR) tile(g, i, j);
        }
        if (nFull < n) GemmScalar.run(g, 0, mFull, nFull, n);
        if (mFull < m) GemmScalar.run(g, mFull, m, 0, n);
    }

    private static void tile(GemmProblem g, int i, int j) {
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
