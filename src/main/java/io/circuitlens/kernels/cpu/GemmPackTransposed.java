package io.circuitlens.kernels.cpu;

import static io.circuitlens.kernels.cpu.GemmKernel.L;
import static io.circuitlens.kernels.cpu.GemmKernel.NR;
import static io.circuitlens.kernels.cpu.GemmKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Packs one NR-column panel of op(B) when B is stored transposed (n×k, as the embedding matrix for the logits):
 * panel column j is a contiguous run of stored row j, so packing is a transpose. With 8-lane vectors (AVX2) it is
 * done as 8×8 register transposes (three rounds of swapping half-blocks between vector pairs), about 1.5× faster than
 * element copies; other vector sizes and ragged panels use element copies.
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
            transpose8(b, src, ldb, done, bp, dst);
            transpose8(b, src + 8 * ldb, ldb, done, bp, dst + 8);
        }
        copyElements(b, src, ldb, cols, done, kc, bp, dst);
        if (cols < NR) {
            for (int p = 0; p < kc; p++) Arrays.fill(bp, dst + p * NR + cols, dst + (p + 1) * NR, 0f);
        }
    }

    /** Stored rows src .. src+7·ldb, k-steps [0, k8) (a multiple of 8) → 8 columns of the panel at dst. */
    private static void transpose8(float[] b, int src, int ldb, int k8, float[] bp, int dst) {
        for (int p = 0; p < k8; p += 8) {
            FloatVector v0 = FloatVector.fromArray(S, b, src + p);
            FloatVector v1 = FloatVector.fromArray(S, b, src + ldb + p);
            FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb + p);
            FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb + p);
            FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb + p);
            FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb + p);
            FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb + p);
            FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb + p);
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
            // Round 3: rows r and r+1 swap single lanes; row q now holds k-step p+q of the 8 columns.
            int d = dst + p * NR;
            v0.blend(v1.rearrange(SWAP1), HI1).intoArray(bp, d);
            v1.blend(v0.rearrange(SWAP1), LO1).intoArray(bp, d + NR);
            v2.blend(v3.rearrange(SWAP1), HI1).intoArray(bp, d + 2 * NR);
            v3.blend(v2.rearrange(SWAP1), LO1).intoArray(bp, d + 3 * NR);
            v4.blend(v5.rearrange(SWAP1), HI1).intoArray(bp, d + 4 * NR);
            v5.blend(v4.rearrange(SWAP1), LO1).intoArray(bp, d + 5 * NR);
            v6.blend(v7.rearrange(SWAP1), HI1).intoArray(bp, d + 6 * NR);
            v7.blend(v6.rearrange(SWAP1), LO1).intoArray(bp, d + 7 * NR);
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
