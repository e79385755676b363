package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.MR;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the panel layout the micro-kernel reads with unit stride: A as MR-row panels
 * stored column by column, B as NR-column panels stored row by row. Rows/columns past the edge are zero-filled so
 * that edge tiles can run the full kernel. Every loop keeps the index linear in its loop variable with a constant
 * scale where it can, so the JIT hoists range checks.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs op(A)[i0 .. i0+mc) × [p0 .. p0+kc) into {@code ap}: panel r (rows i0+r*MR ..) starts at r*MR*kc and holds
     * element (i, p) at p*MR + i.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        for (int r = 0; r < mc; r += MR) {
            int rows = Math.min(MR, mc - r);
            int dst = r * kc;
            if (transA) {
                packAColumns(a, aOff + p0 * lda + i0 + r, lda, rows, kc, ap, dst);
            } else {
                packARows(a, aOff + (i0 + r) * lda + p0, lda, rows, kc, ap, dst);
            }
        }
    }

    /** A stored row-major m×k: each panel row is contiguous in A, scattered with stride MR in the panel. */
    private static void packARows(float[] a, int src, int lda, int rows, int kc, float[] ap, int dst) {
        for (int i = 0; i < MR; i++) {
            if (i < rows) {
                int s = src + i * lda;
                for (int p = 0; p < kc; p++) ap[dst + p * MR + i] = a[s + p];
            } else {
                for (int p = 0; p < kc; p++) ap[dst + p * MR + i] = 0f;
            }
        }
    }

    /** A stored transposed (k×m): each panel column is MR contiguous values of one row of the stored matrix. */
    private static void packAColumns(float[] a, int src, int lda, int rows, int kc, float[] ap, int dst) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            int d = dst + p * MR;
            for (int i = 0; i < rows; i++) ap[d + i] = a[s + i];
            for (int i = rows; i < MR; i++) ap[d + i] = 0f;
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc) × [j0 .. j0+nc) into {@code bp}: panel s (columns j0+s*NR ..) starts at s*NR*kc and
     * holds element (p, j) at p*NR + j.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
        for (int s = 0; s < nc; s += NR) {
            int cols = Math.min(NR, nc - s);
            int dst = s * kc;
            if (transB) {
                packBColumns(b, bOff + (j0 + s) * ldb + p0, ldb, cols, kc, bp, dst);
            } else {
                packBRows(b, bOff + p0 * ldb + j0 + s, ldb, cols, kc, bp, dst);
            }
        }
    }

    /** B stored row-major k×n: each panel row is NR contiguous values, copied as two vectors. */
    private static void packBRows(float[] b, int src, int ldb, int cols, int kc, float[] bp, int dst) {
        if (cols == NR) {
            for (int p = 0; p < kc; p++) {
                int s = src + p * ldb;
                int d = dst + p * NR;
                FloatVector.fromArray(S, b, s).intoArray(bp, d);
                FloatVector.fromArray(S, b, s + L).intoArray(bp, d + L);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int s = src + p * ldb;
            int d = dst + p * NR;
            for (int j = 0; j < cols; j++) bp[d + j] = b[s + j];
            for (int j = cols; j < NR; j++) bp[d + j] = 0f;
        }
    }

    /**
     * B stored transposed (n×k): a panel column is a contiguous run of one stored row. Reading rows sequentially and
     * writing with stride NR keeps both sides inside one L1-sized panel.
     */
    private static void packBColumns(float[] b, int src, int ldb, int cols, int kc, float[] bp, int dst) {
        for (int j = 0; j < NR; j++) {
            if (j < cols) {
                int s = src + j * ldb;
                for (int p = 0; p < kc; p++) bp[dst + p * NR + j] = b[s + p];
            } else {
                for (int p = 0; p < kc; p++) bp[dst + p * NR + j] = 0f;
            }
        }
    }
}
