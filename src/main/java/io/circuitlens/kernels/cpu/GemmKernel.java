package io.circuitlens.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of the packed GEMM: a {@link #MR}×{@link #NR} tile of C from MR rows of A and an
 * NR-column panel of packed B. The accumulators are local {@code FloatVector}s that C2 keeps in registers. 4×2
 * vectors is the largest tile C2 compiles without spilling on the 16 registers of AVX2: a 6×2 tile (12 accumulators,
 * the usual choice in assembly) spills one accumulator to the stack inside the loop and runs at half the speed,
 * while 4×2 runs near the FMA peak. AVX-512 has 32 registers, room for a 12×2 tile: 24 accumulators, the two vectors
 * of B and one broadcast of A. Each load of B then feeds 12 FMAs instead of 8, which the loop needs to keep two
 * 512-bit FMA units busy (the kernel alone, one core of the 2-core Xeon: 8×2 118 GFLOP/s, 12×2 144). NR is two
 * vectors of the preferred species: 4×16 tiles on AVX2, 12×32 on AVX-512.
 */
final class GemmKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Rows of a tile: one broadcast of A per row and k-step (12 where 512-bit vectors mean 32 vector registers). */
    static final int MR = L >= 16 ? 12 : 4;
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {}

    /**
     * c[cOff + i*ldc + j] (i < MR, j < NR) = (load ? c : 0) + bias[biasOff + j] (when bias != null)
     *                                         + Σ_p a[aOff + i*lda + p] · bp[bOff + p*NR + j].
     * A is read as MR rows in place (lda = kc for a packed panel), B as a packed panel.
     */
    static void tile(int kc, float[] a, int aOff, int lda, float[] bp, int bOff,
                     float[] c, int cOff, int ldc, boolean load, float[] bias, int biasOff, float[] scratch) {
        if (MR == 4) { // MR is a constant: one branch folds away
            tile4(kc, a, aOff, lda, bp, bOff, c, cOff, ldc, load, bias, biasOff);
        } else if (!load && bias == null) {
            tile12(kc, a, aOff, lda, bp, bOff, c, cOff, ldc);
        } else {
            tile12(kc, a, aOff, lda, bp, bOff, scratch, 0, NR);
            merge(scratch, c, cOff, ldc, load, bias, biasOff);
        }
    }

    private static void tile4(int kc, float[] a, int aOff, int lda, float[] bp, int bOff,
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

    /**
     * The 12×2-vector tile (see the class comment) without bias or an old C: C2 compiles this loop with its 24
     * accumulators in registers only while the method stays small — folding C and the bias in here made it give up
     * inlining the vector operations on k-sliced products (8 GFLOP/s instead of 100). Tiles that need them are
     * computed into {@code scratch} and merged by {@link #merge}. Every element is the same FMA chain over p as in
     * {@link #tile4} and the edge tiles, so a row's result does not depend on the tile it falls in.
     */
    private static void tile12(int kc, float[] a, int aOff, int lda, float[] bp, int bOff, float[] c, int cOff, int ldc) {
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        int a6 = a5 + lda, a7 = a6 + lda, a8 = a7 + lda, a9 = a8 + lda, a10 = a9 + lda, a11 = a10 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S), ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S), cb1 = FloatVector.zero(S);
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
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[a8 + p]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[a9 + p]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[a10 + p]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, a[a11 + p]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc); c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc); c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc); c71.intoArray(c, cOff + 7 * ldc + L);
        c80.intoArray(c, cOff + 8 * ldc); c81.intoArray(c, cOff + 8 * ldc + L);
        c90.intoArray(c, cOff + 9 * ldc); c91.intoArray(c, cOff + 9 * ldc + L);
        ca0.intoArray(c, cOff + 10 * ldc); ca1.intoArray(c, cOff + 10 * ldc + L);
        cb0.intoArray(c, cOff + 11 * ldc); cb1.intoArray(c, cOff + 11 * ldc + L);
    }

    /** C rows = (tile + bias) (+ old C when {@code load}): the same order of additions as {@link #tile4}. */
    private static void merge(float[] tile, float[] c, int cOff, int ldc, boolean load, float[] bias, int biasOff) {
        for (int i = 0; i < MR; i++) {
            for (int h = 0; h < NR; h += L) {
                FloatVector v = FloatVector.fromArray(S, tile, i * NR + h);
                if (bias != null) v = v.add(FloatVector.fromArray(S, bias, biasOff + h));
                int at = cOff + i * ldc + h;
                if (load) v = v.add(FloatVector.fromArray(S, c, at));
                v.intoArray(c, at);
            }
        }
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
        tile(kc, a, aOff, lda, bp, bOff, scratch, 0, NR, false, null, 0, null);
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
