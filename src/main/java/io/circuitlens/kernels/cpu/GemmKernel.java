package io.circuitlens.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of the packed GEMM: a {@link #MR}×{@link #NR} tile of C from MR rows of A and an
 * NR-column panel of packed B. The eight accumulators are local {@code FloatVector}s that C2 keeps in registers. 4×2
 * vectors is the largest tile C2 compiles without spilling on the 16 registers of AVX2: a 6×2 tile (12 accumulators,
 * the usual choice in assembly) spills one accumulator to the stack inside the loop and runs at half the speed,
 * while 4×2 runs near the FMA peak. NR is two vectors of the preferred species, so AVX-512 machines get 4×32 tiles
 * from the same code.
 */
final class GemmKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Rows of a tile: one broadcast of A per row and k-step. */
    static final int MR = 4;
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {}

    /**
     * c[cOff + i*ldc + j] (i < MR, j < NR) = (load ? c : 0) + bias[biasOff + j] (when bias != null)
     *                                         + Σ_p a[aOff + i*lda + p] · bp[bOff + p*NR + j].
     * A is read as MR rows in place (lda = kc for a packed panel), B as a packed panel.
     */
    static void tile(int kc, float[] a, int aOff, int lda, float[] bp, int bOff,
                     float[] c, int cOff, int ldc, boolean load, float[] bias, int biasOff) {
        int a0 = aOff, a1 = aOff + lda, a2 = a1 + lda, a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        // Indices are p plus a loop invariant, or p times a constant, so C2 hoists the range checks out of the loop.
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (bias != null) {
            FloatVector bias0 = FloatVector.fromArray(S, bias, biasOff);
            FloatVector bias1 = FloatVector.fromArray(S, bias, biasOff + L);
            c00 = c00.add(bias0); c01 = c01.add(bias1);
            c10 = c10.add(bias0); c11 = c11.add(bias1);
            c20 = c20.add(bias0); c21 = c21.add(bias1);
            c30 = c30.add(bias0); c31 = c31.add(bias1);
        }
        store(c, cOff, load, c00, c01);
        store(c, cOff + ldc, load, c10, c11);
        store(c, cOff + 2 * ldc, load, c20, c21);
        store(c, cOff + 3 * ldc, load, c30, c31);
    }

    private static void store(float[] c, int off, boolean load, FloatVector v0, FloatVector v1) {
        if (load) {
            v0 = v0.add(FloatVector.fromArray(S, c, off));
            v1 = v1.add(FloatVector.fromArray(S, c, off + L));
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
    }

    /**
     * Edge tile (fewer than MR rows or NR columns of C left): computes the full tile into {@code scratch} (MR×NR,
     * zero-padded panels make the extra rows/columns harmless) and merges only the valid mr×nr corner into C.
     */
    static void edgeTile(int kc, float[] a, int aOff, int lda, float[] bp, int bOff, float[] scratch,
                         float[] c, int cOff, int ldc, int mr, int nr, boolean load, float[] bias, int biasOff) {
        tile(kc, a, aOff, lda, bp, bOff, scratch, 0, NR, false, null, 0);
        for (int i = 0; i < mr; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < nr; j++) {
                float v = scratch[i * NR + j];
                if (bias != null) v += bias[biasOff + j];
                c[row + j] = load ? c[row + j] + v : v;
            }
        }
    }
}
