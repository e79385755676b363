package io.circuitlens.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of the packed GEMM: a {@link #MR}×{@link #NR} tile of C from an MR-row panel of
 * packed A and an NR-column panel of packed B. The twelve accumulators are local {@code FloatVector}s so that C2 keeps
 * them in registers (6×2 vectors + 2 B vectors + 1 broadcast fit the 16 registers of AVX2); NR is two vectors of the
 * preferred species, so AVX-512 machines get 6×32 tiles from the same code.
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
     *                                         + Σ_p ap[aOff + p*MR + i] · bp[bOff + p*NR + j].
     */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff,
                     float[] c, int cOff, int ldc, boolean load, float[] bias, int biasOff) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        // Indices are linear in p with constant scale so that C2 hoists the array range checks out of the loop.
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
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
    static void edgeTile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] scratch,
                         float[] c, int cOff, int ldc, int mr, int nr, boolean load, float[] bias, int biasOff) {
        tile(kc, ap, aOff, bp, bOff, scratch, 0, NR, false, null, 0);
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
