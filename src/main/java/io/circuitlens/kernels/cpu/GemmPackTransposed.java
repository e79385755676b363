package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Packing of operands stored transposed, which makes packing a transpose: op(B) panels when B is stored n×k (the
 * embedding matrix for the logits, weights in input gradients) and op(A) rows when A is stored k×m (weight and
 * attention gradients). With 8-lane vectors (AVX2) full 8×8 blocks are transposed in registers (three rounds of
 * swapping half-blocks between vector pairs), about 1.5× faster than element copies; other vector sizes and ragged
 * edges use element copies.
 */
final class GemmPackTransposed {
    /** Swap partners at distance 4, 2, 1 and the lanes that take the partner's value in each round. */
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Float> HI4 = VectorMask.fromLong(S, 0xF0);
    private static final VectorMask<Float> HI2 = VectorMask.fromLong(S, 0xCC);
    private static final VectorMask<Float> HI1 = VectorMask.fromLong(S, 0xAA);
    private static final VectorMask<Float> LO4 = HI4.not();
    private static final VectorMask<Float> LO2 = HI2.not();
    private static final VectorMask<Float> LO1 = HI1.not();

    private GemmPackTransposed() {}

    /**
     * bp[dst + p*NR + j] = b[src + j*ldb + p] for p < kc, j < cols; columns cols..NR are zero.
     */
    static void packB(float[] b, int src, int ldb, int cols, int kc, float[] bp, int dst) {
        int done = 0;
        if (L == 8 && cols == NR) {
            done = kc - kc % 8;
            transpose8(b, src, ldb, done, bp, dst, NR);
            transpose8(b, src + 8 * ldb, ldb, done, bp, dst + 8, NR);
        }
        copyElements(b, src, ldb, cols, done, kc, bp, dst);
        if (cols < NR) {
            for (int p = 0; p < kc; p++) Arrays.fill(bp, dst + p * NR + cols, dst + (p + 1) * NR, 0f);
        }
    }

    /**
     * ap[i*kc + p] = a[src + p*lda + i] for i < mc, p < kc: rows of op(A) from A stored k×m, in the layout of
     * {@link GemmPack#packA}.
     */
    static void packA(float[] a, int src, int lda, int mc, int kc, float[] ap) {
        int m8 = 0, k8 = 0;
        if (L == 8) {
            m8 = mc - mc % 8;
            k8 = kc - kc % 8;
            for (int p = 0; p < k8; p += 8) transpose8(a, src + p * lda, lda, m8, ap, p, kc);
        }
        // The rest: rows past m8 for every k-step, and k-steps past k8 for the first m8 rows.
        for (int i = m8; i < mc; i++) {
            for (int p = 0; p < kc; p++) ap[i * kc + p] = a[src + p * lda + i];
        }
        for (int p = k8; p < kc; p++) {
            for (int i = 0; i < m8; i++) ap[i * kc + p] = a[src + p * lda + i];
        }
    }

    /**
     * Transposes 8 rows of x (src + r·ldx, r < 8) over columns [0, cols) (a multiple of 8): for each column c, the 8
     * values x[src + r·ldx + c] land contiguously at out[dst + c·ldo + r].
     */
    private static void transpose8(float[] x, int src, int ldx, int cols, float[] out, int dst, int ldo) {
        for (int p = 0; p < cols; p += 8) {
            FloatVector v0 = FloatVector.fromArray(S, x, src + p);
            FloatVector v1 = FloatVector.fromArray(S, x, src + ldx + p);
            FloatVector v2 = FloatVector.fromArray(S, x, src + 2 * ldx + p);
            FloatVector v3 = FloatVector.fromArray(S, x, src + 3 * ldx + p);
            FloatVector v4 = FloatVector.fromArray(S, x, src + 4 * ldx + p);
            FloatVector v5 = FloatVector.fromArray(S, x, src + 5 * ldx + p);
            FloatVector v6 = FloatVector.fromArray(S, x, src + 6 * ldx + p);
            FloatVector v7 = FloatVector.fromArray(S, x, src + 7 * ldx + p);
            // Round 1: rows r and r+4 swap their upper/lower 4-lane halves.
            FloatVector t0 = v0.blend(v4.rearrange(SWAP4), HI4), t4 = v4.blend(v0.rearrange(SWAP4), LO4);
            FloatVector t1 = v1.blend(v5.rearrange(SWAP4), HI4), t5 = v5.blend(v1.rearrange(SWAP4), LO4);
            FloatVector t2 = v2.blend(v6.rearrange(SWAP4), HI4), t6 = v6.blend(v2.rearrange(SWAP4), LO4);
            FloatVector t3 = v3.blend(v7.rearrange(SWAP4), HI4), t7 = v7.blend(v3.rearrange(SWAP4), LO4);
            // Round 2: rows r and r+2 swap 2-lane blocks.
            v0 = t0.blend(t2.rearrange(SWAP2), HI2);
            v2 = t2.blend(t0.rearrange(SWAP2), LO2);
            v1 = t1.blend(t3.rearrange(SWAP2), HI2);
            v3 = t3.blend(t1.rearrange(SWAP2), LO2);
            v4 = t4.blend(t6.rearrange(SWAP2), HI2);
            v6 = t6.blend(t4.rearrange(SWAP2), LO2);
            v5 = t5.blend(t7.rearrange(SWAP2), HI2);
            v7 = t7.blend(t5.rearrange(SWAP2), LO2);
            // Round 3: rows r and r+1 swap single lanes; vector q now holds column p+q of the 8 rows.
            int d = dst + p * ldo;
            v0.blend(v1.rearrange(SWAP1), HI1).intoArray(out, d);
            v1.blend(v0.rearrange(SWAP1), LO1).intoArray(out, d + ldo);
            v2.blend(v3.rearrange(SWAP1), HI1).intoArray(out, d + 2 * ldo);
            v3.blend(v2.rearrange(SWAP1), LO1).intoArray(out, d + 3 * ldo);
            v4.blend(v5.rearrange(SWAP1), HI1).intoArray(out, d + 4 * ldo);
            v5.blend(v4.rearrange(SWAP1), LO1).intoArray(out, d + 5 * ldo);
            v6.blend(v7.rearrange(SWAP1), HI1).intoArray(out, d + 6 * ldo);
            v7.blend(v6.rearrange(SWAP1), LO1).intoArray(out, d + 7 * ldo);
        }
    }

    /**
     * Element copies for k-steps [from, kc), eight at a time so that the eight panel rows being filled (512 bytes on
     * AVX2) stay in L1 while each stored row is read as a short run.
     */
    private static void copyElements(float[] b, int src, int ldb, int cols, int from, int kc, float[] bp, int dst) {
        int p = from;
        for (; p + 8 <= kc; p += 8) {
            int d = dst + p * NR;
            for (int j = 0; j < cols; j++) {
                int s = src + j * ldb + p;
                bp[d + j] = b[s];
                bp[d + NR + j] = b[s + 1];
                bp[d + 2 * NR + j] = b[s + 2];
                bp[d + 3 * NR + j] = b[s + 3];
                bp[d + 4 * NR + j] = b[s + 4];
                bp[d + 5 * NR + j] = b[s + 5];
                bp[d + 6 * NR + j] = b[s + 6];
                bp[d + 7 * NR + j] = b[s + 7];
            }
        }
        for (; p < kc; p++) {
            for (int j = 0; j < cols; j++) bp[dst + p * NR + j] = b[src + j * ldb + p];
        }
    }
}
