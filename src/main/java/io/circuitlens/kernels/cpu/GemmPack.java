package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.MR;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the layout the micro-kernel reads with unit stride: A as contiguous rows of
 * length kc, B as NR-column panels stored row by row. Rows/columns past the edge are zero-filled so that edge tiles
 * can run the full kernel.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs op(A)[i0 .. i0+mc) × [p0 .. p0+kc) into {@code ap} row by row: element (i, p) at i*kc + p, with zero rows
     * up to the next multiple of MR. The kernel reads MR such rows at stride kc.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        if (transA) {
            GemmPackTransposed.packA(a, aOff + p0 * lda + i0, lda, mc, kc, ap);
        } else {
            // Rows of A are already contiguous: one bulk copy each.
            for (int i = 0; i < mc; i++) System.arraycopy(a, aOff + (i0 + i) * lda + p0, ap, i * kc, kc);
        }
        Arrays.fill(ap, mc * kc, GemmGrid.roundUp(mc, MR) * kc, 0f);
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
                GemmPackTransposed.packB(b, bOff + (j0 + s) * ldb + p0, ldb, cols, kc, bp, dst);
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
}
